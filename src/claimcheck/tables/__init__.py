"""Tables: the same rules over every row of a CSV or Parquet file, decided exactly on existing engines.

:mod:`.spec` is the table check file (the table, its key, each column's unit, scale and
precision, the rules, the semantics); :mod:`.forms` turns each rule into a canonical form (a linear
comparison over columns and group aggregates, a conditional, a uniqueness or completeness check);
:mod:`.cells` says how a written cell becomes a scaled integer and a half-width; the engines
decide every row of every rule with exact integer arithmetic inside polars (:mod:`.polars_engine`,
the default, lazy), DuckDB (:mod:`.duckdb_engine`) or Dask (:mod:`.dask_engine`, partitioned, for
tables beyond one machine), and :mod:`.reference` in plain Python is the yardstick they are tested
against; :mod:`.results` summarises a run as validate does (items, passes, fails, NA) with the failing
rows by key, and writes it.

May import every stage below it: :mod:`claimcheck.errors`, :mod:`claimcheck.figures`,
:mod:`claimcheck.files`, :mod:`claimcheck.exact`, :mod:`claimcheck.rules`, :mod:`claimcheck.verify`.
"""
