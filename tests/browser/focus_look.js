// What a sighted keyboard user sees of the focused element, read from the page for the
// browser tests (test_focus_contrast.py): the contrast of its text against what is painted
// behind that text, whether its focused look differs from its unfocused look by at least
// 3:1 against the colours next to it, and whether something of the page's covers it.
//
// Evaluated with page.evaluate (the DevTools protocol), never as a script tag, so the
// site's Content-Security-Policy cannot block it. Defines window.__focusLook once per page.
(() => {
  if (window.__focusLook) return;

  const WHITE = { r: 255, g: 255, b: 255, a: 1 };
  const NO_TEXT = new Set(["checkbox", "radio", "range", "color", "file", "image", "hidden"]);

  // -- colours (WCAG 2.x relative luminance and contrast, as sitebuilder/colours.py) --------
  const parse = (text) => {
    const match = /^rgba?\(([^)]*)\)$/.exec(text.trim());
    if (!match) throw new Error(`cannot read the colour ${JSON.stringify(text)}`);
    const [r, g, b, a = 1] = match[1].split(/[\s,/]+/).filter(Boolean).map(Number);
    return { r, g, b, a };
  };
  const over = (top, bottom) => ({
    r: top.r * top.a + bottom.r * (1 - top.a),
    g: top.g * top.a + bottom.g * (1 - top.a),
    b: top.b * top.a + bottom.b * (1 - top.a),
    a: 1,
  });
  const channel = (v) => {
    const c = v / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const luminance = (c) => 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
  const contrast = (x, y) => {
    const [hi, lo] = [luminance(x), luminance(y)].sort((p, q) => q - p);
    return (hi + 0.05) / (lo + 0.05);
  };
  const hex = (c) =>
    "#" + [c.r, c.g, c.b].map((v) => Math.round(v).toString(16).padStart(2, "0")).join("");
  const ratio = (x) => `${(Math.floor(x * 100) / 100).toFixed(2)}:1`;

  // -- names for failure messages -----------------------------------------------------------
  const name = (e) => {
    const tag = e.tagName.toLowerCase();
    const id = e.id ? `#${e.id}` : "";
    const cls =
      typeof e.className === "string" && e.className.trim()
        ? "." + e.className.trim().split(/\s+/).join(".")
        : "";
    return tag + id + cls;
  };
  const describe = (e) => {
    const text = (e.innerText || e.value || e.getAttribute("aria-label") || "")
      .trim()
      .replace(/\s+/g, " ")
      .slice(0, 50);
    const href = e.getAttribute("href");
    return `<${name(e)}>${href ? ` ${href}` : ""}${text ? ` ${JSON.stringify(text)}` : ""}`;
  };

  // -- what is painted where ------------------------------------------------------------------
  const inViewport = (x, y) => x >= 0 && y >= 0 && x < innerWidth && y < innerHeight;

  // The colour the backgrounds of `stack` (topmost first, as elementsFromPoint gives them)
  // paint at one point, composited over the white canvas; a background image cannot be read.
  const paint = (stack) => {
    const layers = [];
    for (const element of stack) {
      const style = getComputedStyle(element);
      if (style.backgroundImage !== "none") {
        return { problem: `${name(element)} has a background image: its colour cannot be read` };
      }
      const colour = parse(style.backgroundColor);
      if (colour.a > 0) layers.push(colour);
      if (colour.a >= 1) break;
    }
    return { colour: layers.reverse().reduce((below, c) => over(c, below), WHITE) };
  };

  // What is painted at (x, y) by everything except `e` and what is inside it.
  const around = (e, x, y) =>
    paint(document.elementsFromPoint(x, y).filter((el) => el !== e && !e.contains(el)));

  // The centre of the part of a box that is on screen, or null when none of it is.
  const visibleCentre = (box) => {
    const left = Math.max(box.left, 0);
    const right = Math.min(box.right, innerWidth);
    const top = Math.max(box.top, 0);
    const bottom = Math.min(box.bottom, innerHeight);
    if (right - left < 1 || bottom - top < 1) return null;
    return [(left + right) / 2, (top + bottom) / 2];
  };

  // A box of 1 px with overflow hidden (.visually-hidden) shows nothing of its text.
  const hiddenBetween = (element, root) => {
    for (let el = element; el; el = el === root ? null : el.parentElement) {
      const style = getComputedStyle(el);
      const box = el.getBoundingClientRect();
      if (style.visibility !== "visible" || style.opacity === "0") return true;
      if (style.overflow !== "visible" && (box.width <= 1 || box.height <= 1)) return true;
    }
    return false;
  };

  // Each piece of visible text in e: the element whose style draws it and one box of it
  // that lies inside the viewport (text scrolled out of view is not looked at).
  const textRuns = (e) => {
    if (e.matches("input, select, textarea")) {
      const centre = visibleCentre(e.getBoundingClientRect());
      if (NO_TEXT.has(e.type) || centre === null) return [];
      return [{ element: e, point: centre, text: e.value || "(empty field)" }];
    }
    const runs = [];
    const walker = document.createTreeWalker(e, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!node.data.trim() || hiddenBetween(node.parentElement, e)) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      const box = [...range.getClientRects()].find(
        (r) => r.width >= 1 && r.height >= 1 && inViewport(r.x + r.width / 2, r.y + r.height / 2)
      );
      if (box) {
        const point = [box.x + box.width / 2, box.y + box.height / 2];
        runs.push({ element: node.parentElement, point, text: node.data.trim().slice(0, 40) });
      }
    }
    return runs;
  };

  const isLarge = (style) => {
    const size = parseFloat(style.fontSize);
    const weight = Number(style.fontWeight) || (style.fontWeight === "bold" ? 700 : 400);
    return size >= 24 || (size >= 18.66 && weight >= 700);
  };

  // Contrast of every visible piece of text of e, as drawn now; problems as sentences.
  const textProblems = (e) => {
    const problems = [];
    for (const run of textRuns(e)) {
      const stack = document.elementsFromPoint(...run.point);
      const at = stack.indexOf(run.element);
      if (at < 0) {
        const top = stack[0] ? name(stack[0]) : "nothing";
        problems.push(`its text ${JSON.stringify(run.text)} is covered by <${top}>`);
        continue;
      }
      const painted = paint(stack.slice(at));
      if (painted.problem) {
        problems.push(painted.problem);
        continue;
      }
      const style = getComputedStyle(run.element);
      const background = painted.colour;
      const text = over(parse(style.color), background);
      const found = contrast(text, background);
      const needed = isLarge(style) ? 3 : 4.5;
      if (found < needed) {
        problems.push(
          `its text ${JSON.stringify(run.text)} is ${hex(text)} on ${hex(background)}: ` +
            `${ratio(found)}, needs ${needed}:1` +
            (needed === 3 ? " (large text)" : ` (${style.fontSize}, weight ${style.fontWeight})`)
        );
      }
    }
    return problems;
  };

  // -- the focus indicator --------------------------------------------------------------------
  const look = (e) => {
    const s = getComputedStyle(e);
    const side = (name) => ({
      width: parseFloat(s[`border${name}Width`]),
      style: s[`border${name}Style`],
      colour: s[`border${name}Color`],
    });
    return {
      outline: {
        style: s.outlineStyle,
        width: parseFloat(s.outlineWidth) || 0,
        colour: s.outlineColor,
        offset: parseFloat(s.outlineOffset) || 0,
      },
      shadows: s.boxShadow === "none" ? [] : s.boxShadow.split(/,(?![^(]*\))/).map((t) => t.trim()),
      background: s.backgroundColor,
      borders: { Top: side("Top"), Right: side("Right"), Bottom: side("Bottom"), Left: side("Left") },
    };
  };

  const shows = (o) =>
    !["none", "hidden"].includes(o.style) && o.width > 0 && parse(o.colour).a > 0;

  // "rgb(11, 12, 12) 0px 4px 0px 0px inset" -> colour, offsets, blur, spread, inset.
  const parseShadow = (text) => {
    const colour = /rgba?\([^)]*\)/.exec(text);
    const numbers = text
      .replace(/rgba?\([^)]*\)/, "")
      .match(/-?[\d.]+px/g)
      .map(parseFloat);
    const [x = 0, y = 0, blur = 0, spread = 0] = numbers;
    return { colour: parse(colour ? colour[0] : "rgb(0, 0, 0)"), x, y, blur, spread, inset: /inset/.test(text) };
  };

  // The colours just outside each side of e (2 px out), where they are on screen.
  const surroundings = (e, box) => {
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 2;
    const points = {
      Top: [cx, box.top - 2],
      Bottom: [cx, box.bottom + 2],
      Left: [box.left - 2, cy],
      Right: [box.right + 2, cy],
    };
    const found = {};
    for (const [side, [x, y]] of Object.entries(points)) {
      if (!inViewport(x, y)) continue;
      const painted = around(e, x, y);
      if (painted.colour) found[side] = painted.colour;
    }
    return found;
  };

  // Why e cannot be seen (WCAG 2.4.11: not entirely hidden by the page's own content), or
  // null. Each box of e counts (a link that wraps has one per line): it is enough that the
  // centre of one of them shows e or something inside it.
  const hiddenBy = (e) => {
    const centres = [...e.getClientRects()].map(visibleCentre).filter(Boolean);
    if (!centres.length) return "it is outside the viewport";
    let top = null;
    for (const centre of centres) {
      top = document.elementFromPoint(...centre);
      if (top === e || e.contains(top)) return null;
    }
    return `<${top ? name(top) : "nothing"}> covers it`;
  };

  const MIN_THICKNESS = 2; // CSS px: thinner lines count as no indicator
  const MIN_CHANGE = 3; // contrast between a pixel's focused and unfocused colour

  // Ways in which e's focused look (now) differs from `before` (its unfocused look) by at
  // least 3:1 against the colours it is drawn on: [passing, too faint], both as sentences.
  const indicator = (e, focused, before, state) => {
    const passing = [];
    const faint = [];
    const judge = (what, colour, against) => {
      const sides = Object.entries(against);
      if (!sides.length) return;
      const worst = Math.min(...sides.map(([, c]) => contrast(over(colour, c), c)));
      const line = `${what} ${hex(colour)} (${ratio(worst)} against ${[...new Set(sides.map(([, c]) => hex(c)))].join(", ")})`;
      (worst >= MIN_CHANGE ? passing : faint).push(line);
    };
    const o = focused.outline;
    const changedOutline =
      !shows(before.outline) ||
      before.outline.colour !== o.colour ||
      before.outline.width !== o.width ||
      before.outline.style !== o.style;
    if (shows(o) && changedOutline && o.width >= MIN_THICKNESS) {
      const inside = o.offset + o.width <= 0;
      judge(`outline ${o.width}px`, parse(o.colour), inside ? { inside: state.fill } : state.sides);
    }
    for (const text of focused.shadows) {
      if (before.shadows.includes(text)) continue;
      const s = parseShadow(text);
      if (s.inset) {
        if (s.spread + Math.max(Math.abs(s.x), Math.abs(s.y)) >= MIN_THICKNESS) {
          judge(`inset box-shadow`, s.colour, { inside: state.before });
        }
        continue;
      }
      const reach = {
        Top: s.spread - s.y,
        Bottom: s.spread + s.y,
        Left: s.spread - s.x,
        Right: s.spread + s.x,
      };
      const sides = Object.fromEntries(
        Object.entries(state.sides).filter(([side]) => reach[side] >= MIN_THICKNESS)
      );
      judge(`box-shadow ${s.x}px ${s.y}px ${s.spread}px`, s.colour, sides);
    }
    if (hex(state.fill) !== hex(state.before)) {
      const change = contrast(state.fill, state.before);
      const line = `background ${hex(state.before)} -> ${hex(state.fill)} (${ratio(change)})`;
      (change >= MIN_CHANGE ? passing : faint).push(line);
    }
    for (const [side, b] of Object.entries(focused.borders)) {
      const a = before.borders[side];
      if (b.width < MIN_THICKNESS || b.style === "none" || b.colour === a.colour) continue;
      const was = a.style === "none" || a.width === 0 ? state.sides[side] : parse(a.colour);
      if (was) judge(`border-${side.toLowerCase()} ${b.width}px`, parse(b.colour), { [side]: was });
    }
    return [passing, faint];
  };

  // The theme's reduced-motion rule gives every property a 0.01 ms transition, so a style
  // read just after a change still has the old value; the screen shows the end state by the
  // next frame. Finish every running transition and read that.
  const settle = () => document.getAnimations().forEach((a) => a.finish());

  const stops = [];
  const looks = [];

  window.__focusLook = {
    stops: () => stops,

    // The element focus landed on after following a link: what it is and its text's contrast.
    landed() {
      settle();
      const e = document.activeElement;
      if (!e || e === document.body) return null;
      return { what: describe(e), problems: textProblems(e) };
    },

    // Measure the focused element now. Returns null for the body (focus left the page),
    // {repeat: n} when it is stop n again, else what was found about this new stop.
    focused() {
      settle();
      const e = document.activeElement;
      if (!e || e === document.body || e === document.documentElement) return null;
      const seen = stops.indexOf(e);
      if (seen >= 0) return { repeat: seen };
      stops.push(e);
      const box = e.getBoundingClientRect();
      const problems = textProblems(e);
      const covered = hiddenBy(e);
      const centre = visibleCentre(box);
      let state = null;
      if (centre !== null) {
        const stack = document.elementsFromPoint(...centre);
        const at = stack.indexOf(e);
        const fill = paint(at >= 0 ? stack.slice(at) : stack);
        const under = around(e, ...centre);
        state = {
          fill: fill.colour || WHITE,
          under: under.colour || WHITE,
          sides: surroundings(e, box),
        };
      }
      looks.push({ focused: look(e), state });
      return {
        index: stops.length - 1,
        what: describe(e),
        focusVisible: e.matches(":focus-visible"),
        problems,
        covered,
      };
    },

    // After the walk, with nothing focused: each stop's indicator, comparing its look when
    // focused with its look now. [[index, passing, faint]] for every stop.
    indicators() {
      settle();
      return stops.map((e, index) => {
        const { focused, state } = looks[index];
        if (state === null) return [index, [], []];
        const before = look(e);
        // What the stop's own unfocused background paints over what lies under it.
        state.before = over(parse(before.background), state.under);
        const [passing, faint] = indicator(e, focused, before, state);
        return [index, passing, faint];
      });
    },

    // Focus every element that Tab can reach by script, as a mouse click or a script does
    // (after a pointer click there is no :focus-visible), and read its text contrast:
    // [[what, focusVisible, problems]] for each.
    scriptFocus() {
      const reachable = [...document.querySelectorAll("*")].filter(
        (e) => e.tabIndex >= 0 && !e.disabled && e.getClientRects().length > 0
      );
      return reachable.map((e) => {
        e.focus();
        settle();
        return [describe(e), e.matches(":focus-visible"), textProblems(e)];
      });
    },
  };
})();
