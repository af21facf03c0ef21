"""Files in and out, safely: the few rules every reader and writer of CSV/XLSX shares (ADR 0038).

The base floor under the pure libraries: no Django and nothing else of coqi, so `coqi.spc`, `coqi.text` and the
site all import it. `reading`: bounded XLSX before parsing, one encoding policy, control characters in cells;
`writing`: neutralising formula prefixes in every cell the product writes.
"""
