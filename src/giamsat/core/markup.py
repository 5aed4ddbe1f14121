"""Escaping for markup written in Python (issue #25): the dashboard's rows, the drop-downs of QuickSelect.

Django's `conditional_escape` is wrapped for lazy strings (`keep_lazy`), and the wrapper costs more than the
escaping itself when ten thousand cells or hundreds of options are written. `escape` gives the same text.
"""

import html


def escape(value) -> str:
    """`conditional_escape(value)`, as a plain string: safe markup (`__html__`) kept, anything else escaped."""
    if type(value) is int:  # most dashboard cells are counts: nothing to escape
        return str(value)
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))
