"""Reports: what a verification says, written for people and for machines.

Owns the text report (:mod:`.text`), the machine formats (:mod:`.machine`: JSON, JUnit, SARIF,
GitHub annotations and the step summary), ``explain`` (:mod:`.explain`) and ``diff``
(:mod:`.diff`).

May import every stage below it; writes only what the result models of
:mod:`claimcheck.verify.results` hold (and, for ``explain``, re-derives the steps).
"""
