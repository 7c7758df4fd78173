// The book's one stylesheet: system fonts only (nothing fetched), a measure for reading,
// light and dark themes from the reader's setting, a phone layout, and a print layout.

enum Stylesheet {
    static let css = """
    :root {
      --text: #1f2328; --muted: #5f6670; --faint: #8c939c; --page: #fdfcf9; --panel: #f4f1ea;
      --rule: #dcd6ca; --accent: #9a3412; --link: #1d4ed8; --code-bg: #f7f5f0;
      --kw: #a21caf; --ty: #0f766e; --str: #b45309; --num: #1d4ed8; --com: #6b7280; --attr: #9333ea; --pp: #be123c;
      --solution: #fff4e5; --solution-rule: #f59e0b; --exercise: #eef6ff; --exercise-rule: #3b82f6;
      --filled: #e0ecff; --done: #dcfce7;
      --serif: "Iowan Old Style", "Palatino Linotype", Palatino, "Book Antiqua", Georgia, "DejaVu Serif", serif;
      --sans: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif;
      --mono: ui-monospace, "SF Mono", Menlo, Consolas, "DejaVu Sans Mono", "Liberation Mono", monospace;
    }
    @media (prefers-color-scheme: dark) {
      :root {
        --text: #e6e1d8; --muted: #a8a196; --faint: #7d776d; --page: #1b1a17; --panel: #25231f;
        --rule: #3a372f; --accent: #fb923c; --link: #93c5fd; --code-bg: #211f1b;
        --kw: #f0abfc; --ty: #5eead4; --str: #fcd34d; --num: #93c5fd; --com: #9ca3af; --attr: #d8b4fe; --pp: #fda4af;
        --solution: #2e2416; --solution-rule: #b45309; --exercise: #16233a; --exercise-rule: #3b82f6;
        --filled: #1e3354; --done: #163a26;
      }
    }
    * { box-sizing: border-box; }
    html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
    body { margin: 0; background: var(--page); color: var(--text); font: 1.0625rem/1.6 var(--serif); }
    a { color: var(--link); }
    main { max-width: 48rem; margin: 0 auto; padding: 0 1.25rem 3rem; }

    .masthead { display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; align-items: baseline; justify-content: space-between;
      padding: 0.7rem 1.25rem; border-bottom: 1px solid var(--rule); font-family: var(--sans); font-size: 0.9rem; }
    .book-title { color: var(--text); font-weight: 600; text-decoration: none; }
    .edition { color: var(--muted); font-size: 0.8rem; text-transform: uppercase; letter-spacing: 0.06em; }

    .pager { display: grid; grid-template-columns: 1fr auto 1fr; gap: 0.75rem; align-items: center; max-width: 48rem;
      margin: 0 auto; padding: 0.9rem 1.25rem; font-family: var(--sans); font-size: 0.85rem; }
    .pager a { text-decoration: none; }
    .pager span span, .pager a span { display: block; color: var(--muted); font-size: 0.72rem; text-transform: uppercase; letter-spacing: 0.06em; }
    .pager .next { text-align: right; }
    .pager .up { text-align: center; }
    main + .pager { border-top: 1px solid var(--rule); }

    h1, h2, h3, h4 { font-family: var(--sans); line-height: 1.25; letter-spacing: -0.01em; }
    h1 { font-size: 2rem; margin: 0.2rem 0 1rem; }
    h2 { font-size: 1.4rem; margin: 2.4rem 0 0.8rem; padding-top: 0.6rem; border-top: 1px solid var(--rule); }
    h3 { font-size: 1.12rem; margin: 1.8rem 0 0.6rem; }
    h2 a.self, h3 a.self, h4 a.self { color: inherit; text-decoration: none; }
    h2 a.self:hover::after, h3 a.self:hover::after { content: " §"; color: var(--faint); }
    .chapter-head { margin-top: 2rem; }
    .chapter-number { margin: 0; font-family: var(--sans); color: var(--accent); font-size: 0.85rem; font-weight: 600;
      text-transform: uppercase; letter-spacing: 0.08em; }
    .on-this-page { font-family: var(--sans); font-size: 0.9rem; background: var(--panel); border-radius: 8px; padding: 0.7rem 1rem; margin-bottom: 2rem; }
    .on-this-page ol { margin: 0; padding-left: 1.3rem; columns: 2 16rem; column-gap: 2rem; }
    .on-this-page li { break-inside: avoid; }
    p, li { hyphens: auto; overflow-wrap: break-word; }
    blockquote { margin: 1rem 0; padding: 0.2rem 1rem; border-left: 3px solid var(--rule); color: var(--muted); }
    hr { border: 0; border-top: 1px solid var(--rule); margin: 2rem 0; }

    code, pre, kbd { font-family: var(--mono); font-size: 0.86em; }
    :not(pre) > code { background: var(--code-bg); padding: 0.08em 0.3em; border-radius: 4px; overflow-wrap: anywhere; }
    pre { background: var(--code-bg); border: 1px solid var(--rule); border-radius: 6px; padding: 0.75rem 0.9rem; overflow-x: auto;
      line-height: 1.45; font-size: 0.82rem; tab-size: 4; }
    pre code { font-size: inherit; }
    .kw { color: var(--kw); } .ty { color: var(--ty); } .str { color: var(--str); } .num { color: var(--num); }
    .com, .doc { color: var(--com); font-style: italic; } .attr { color: var(--attr); } .pp { color: var(--pp); }

    .chunk { margin: 1.4rem 0; }
    .chunk pre { margin: 0; border-top-left-radius: 0; border-top-right-radius: 0; }
    .chunk-head { display: flex; flex-wrap: wrap; gap: 0.2rem 0.5rem; align-items: baseline; font-family: var(--sans); font-size: 0.8rem;
      background: var(--panel); border: 1px solid var(--rule); border-bottom: 0; border-radius: 6px 6px 0 0; padding: 0.35rem 0.75rem; }
    .chunk-number { font-weight: 600; text-decoration: none; color: var(--accent); }
    .chunk-name { font-style: italic; font-family: var(--serif); font-size: 0.95rem; min-width: 0; overflow-wrap: anywhere; }
    .chunk-name.file-name { font-style: normal; font-family: var(--mono); font-size: 0.8rem; font-weight: 600; }
    .chunk-op { color: var(--muted); }
    .chunk-file { font-family: var(--mono); font-size: 0.74rem; color: var(--muted); margin-left: auto; overflow-wrap: anywhere; }
    .chunk-exercise { font-size: 0.72rem; font-weight: 600; color: #fff; background: var(--exercise-rule); border-radius: 3px; padding: 0 0.35rem; }
    .chunk-refs { margin: 0.3rem 0 0; font-family: var(--sans); font-size: 0.78rem; color: var(--muted); }
    .ref { font-family: var(--serif); font-style: italic; color: var(--text); }
    .ref-number { font-family: var(--sans); font-style: normal; font-size: 0.85em; color: var(--muted); }

    .table { overflow-x: auto; margin: 1.2rem 0; }
    table { border-collapse: collapse; font-family: var(--sans); font-size: 0.88rem; line-height: 1.45; }
    th, td { border-bottom: 1px solid var(--rule); padding: 0.4rem 0.7rem; vertical-align: top; text-align: left; }
    th { border-bottom-width: 2px; }

    .exercise { background: var(--exercise); border-left: 4px solid var(--exercise-rule); border-radius: 6px; padding: 0.7rem 1rem; margin: 1.5rem 0; font-family: var(--sans); font-size: 0.92rem; }
    .exercise p { margin: 0.3rem 0; }
    .exercise-label, .solution-label { font-weight: 700; font-size: 0.75rem; text-transform: uppercase; letter-spacing: 0.07em; }
    .exercise-label { color: var(--exercise-rule); }
    .solution { background: var(--solution); border-left: 4px solid var(--solution-rule); border-radius: 6px; padding: 0.2rem 1rem; margin: 1.5rem 0; }
    .solution-label { color: var(--solution-rule); font-family: var(--sans); }

    .hint { border: 1px solid var(--rule); border-radius: 6px; padding: 0.2rem 1rem; margin: 0.8rem 0; background: var(--panel); }
    .hint summary { cursor: pointer; font-family: var(--sans); font-weight: 600; padding: 0.4rem 0; }
    .hint[open] summary { border-bottom: 1px solid var(--rule); margin-bottom: 0.6rem; }
    .diagram { margin: 1.8rem 0; }
    .diagram-scroll { overflow-x: auto; }
    .diagram svg { display: block; width: 100%; min-width: 34rem; height: auto; font-family: var(--sans); }
    .diagram figcaption { font-family: var(--sans); font-size: 0.85rem; color: var(--muted); margin-top: 0.4rem; text-align: center; }
    svg .heading { font-size: 13px; font-weight: 700; fill: var(--text); }
    svg .index { font-size: 13px; font-family: var(--mono); fill: var(--accent); font-weight: 600; }
    svg .note { font-size: 11px; fill: var(--muted); }
    svg .slot { font-size: 11px; fill: var(--faint); font-family: var(--mono); }
    svg .value { font-size: 11.5px; fill: var(--text); font-family: var(--mono); }
    svg .faint { fill: var(--faint); }
    svg .label { font-size: 13px; fill: var(--muted); }
    svg .cell { fill: var(--page); stroke: var(--rule); }
    svg .filled { fill: var(--filled); }
    svg .done { fill: var(--done); }
    svg .arrow { fill: none; stroke-width: 1.6; }
    svg .chain { stroke: var(--accent); }
    svg .used { stroke: var(--ty); stroke-dasharray: 4 3; }
    svg .arrowhead { fill: var(--accent); }
    svg .lifeline { stroke: var(--rule); stroke-dasharray: 3 4; }
    svg .active { stroke: var(--accent); stroke-width: 3; }
    svg .dot { fill: var(--accent); }
    svg .dot.device { fill: var(--ty); } svg .dot.interrupt { fill: var(--pp); } svg .dot.driver { fill: var(--kw); }

    .contents h1 { font-size: 2.3rem; margin-top: 2.5rem; }
    .lede { font-size: 1.15rem; color: var(--muted); }
    .part h2 { font-size: 1.05rem; text-transform: uppercase; letter-spacing: 0.07em; color: var(--accent); border: 0; margin-top: 2rem; }
    .toc { list-style: none; padding: 0; margin: 0; font-family: var(--sans); }
    .toc li { border-bottom: 1px solid var(--rule); }
    .toc a { display: flex; gap: 0.8rem; padding: 0.45rem 0.2rem; text-decoration: none; color: var(--text); }
    .toc a:hover { background: var(--panel); }
    .toc-number { min-width: 2rem; color: var(--muted); font-variant-numeric: tabular-nums; text-align: right; }
    .index-list { font-family: var(--sans); font-size: 0.9rem; line-height: 1.4; }
    .index-list dt { margin-top: 0.35rem; overflow-wrap: anywhere; }
    .index-list dd { margin: 0 0 0 1.5rem; color: var(--muted); font-size: 0.85rem; }
    .index-jump { font-family: var(--sans); }
    .kind { color: var(--muted); font-size: 0.8rem; }

    @media (max-width: 40rem) {
      body { font-size: 1rem; }
      main { padding: 0 0.9rem 2rem; }
      h1 { font-size: 1.6rem; }
      pre { font-size: 0.75rem; padding: 0.6rem; }
      .pager { grid-template-columns: 1fr 1fr; }
      .pager .up { display: none; }
      .chunk-file { margin-left: 0; }
    }
    @media print {
      :root { --text: #000; --muted: #333; --page: #fff; --panel: #fff; --code-bg: #fff; --link: #000; }
      body { font-size: 10.5pt; }
      .masthead, .pager, .on-this-page { display: none; }
      .hint { border: 0; padding: 0; }
      main { max-width: none; padding: 0; }
      pre { white-space: pre-wrap; border-color: #999; }
      .chunk, .diagram, figure, table { break-inside: avoid; }
      h2, h3 { break-after: avoid; }
      a { text-decoration: none; }
      .diagram svg { min-width: 0; }
    }

    """
}
