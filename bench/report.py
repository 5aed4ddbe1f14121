"""The bench's results as Markdown, and the marked section of a document they replace."""

from pathlib import Path

from harness import RSS_LIMIT_MB


def markdown(meta: dict, rows: list[dict], notes: list[str]) -> str:
    m = meta["machine"]
    lines = [
        f"### {meta['scale']} scale on {meta['engine']}, {meta['date']}",
        "",
        f"- Machine: {m['nproc']} CPU ({m['cpu']}), {m['memory_gb']} GB RAM, Python {m['python']}, "
        f"kernel {m['kernel']}; shared with other work while measuring.",
        f"- Command: `{meta['command']}`",
        f"- Data: `giamsat synth --scale {meta['scale']} --seed {meta['seed']}` in {meta['synth_seconds']} s "
        f"(whole command {meta['synth_wall_seconds']} s, with migrations), database "
        f"{meta['database_mb']} MB; {meta['tasks']:,} tasks, {meta['updates']:,} progress updates, "
        f"{meta['values']:,} indicator values.",
        f"- Server: `giamsat serve` (waitress, {meta['threads']} threads"
        + (f"; {meta['processes']} processes for the sustained cases" if meta.get("processes", 1) > 1 else "")
        + "), DEBUG=0"
        + (f", its caches filled with {meta['cache_entries']:,} entries each first (ADR 0058)"
           if meta.get("cache_entries") else "")
        + "; "
        f"memory {meta['rss_start_mb']} MB after start, {meta['rss_end_mb']} MB at the end, peak "
        f"{meta['rss_peak_mb']} MB (target < {RSS_LIMIT_MB} MB: {'met' if meta['rss_met'] else 'MISSED'}).",
        "- Floor: `GET /healthz` measured between every two requests of a case; ratio = p95 / floor p95.",
        "",
        "| case | request | n | p50 ms | p95 ms | p99 ms | req/s | floor p95 | ratio | RSS MB | target | |",
        "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|---|---|",
    ]
    for r in rows:
        met = {True: "met", False: "**missed**"}.get(r.get("met"), "")
        lines.append(
            f"| {r['case']} | {r['what']} | {r.get('n', '')} | {r.get('p50_ms', '')} "
            f"| {r.get('p95_ms', '')} | "
            f"{r.get('p99_ms', '')} | {r.get('per_second', '')} | {r.get('floor_p95_ms') or ''} | "
            f"{r.get('ratio_p95') or ''} | {r.get('rss_mb') or ''} | {r.get('target', '')} | {met} |"
            + (f" errors: {r['errors']}" if r.get("errors") else "")
        )
    if notes:
        lines += ["", *[f"- {n}" for n in notes]]
    return "\n".join(lines) + "\n"


def update_docs(path: Path, key: str, text: str) -> None:
    """Replace the block of this scale and engine in the document (or append it)."""
    start, end = f"<!-- bench:{key} -->", f"<!-- /bench:{key} -->"
    block = f"{start}\n{text}{end}\n"
    current = path.read_text(encoding="utf-8") if path.exists() else "# Performance\n\n"
    if start in current and end in current:
        before, rest = current.split(start, 1)
        current = before + block + rest.split(end, 1)[1].lstrip("\n")
    else:
        current = current.rstrip("\n") + "\n\n" + block
    path.write_text(current, encoding="utf-8")


