"""Claim files: the v1 YAML format as pydantic models, read with locations.

Owns the models of a claim file (:mod:`.model`: claims, rules, readings, recorded conflicts,
policy, document header), the reader that keeps every key's line and column and refuses
duplicate keys, oversized or too deeply nested input (:mod:`.loader`, :mod:`.syntax`), the
messages that turn validation errors into ``file:line:column`` problems (:mod:`.messages`) and
the JSON Schema (:mod:`.schema`).

May import :mod:`claimcheck.errors` and :mod:`claimcheck.figures` (a claim's value is read
there when the model is validated).
"""
