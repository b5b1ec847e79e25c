/* PolicyWatch: filters for change timelines and the compare page.
 *
 * Plain DOM, no framework. Every piece of text goes in with textContent, never innerHTML.
 * Pages work without this file: timelines show all rows (noise behind a CSS toggle) and the
 * compare page lists the plain texts. With Material's instant navigation the page body is
 * swapped without reloading scripts, so set-up runs on every `document$` emission.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  var BASE = script ? script.src : location.href;

  function asset(name) { // a file beside this script
    return new URL(name, BASE).href;
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      node.setAttribute(name, attrs[name]);
    });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /* ---- Timeline filters ------------------------------------------------------------- */

  function readHash() {
    var wanted = {};
    location.hash.replace(/^#/, "").split("&").forEach(function (pair) {
      var bits = pair.split("=");
      if (bits.length === 2) wanted[decodeURIComponent(bits[0])] = decodeURIComponent(bits[1]);
    });
    return wanted;
  }

  function setupFilters(root) {
    root.querySelectorAll(".pw-history").forEach(function (box) {
      var form = box.querySelector(".pw-filters");
      if (!form || box.classList.contains("pw-js-filter")) return;
      var rows = Array.prototype.slice.call(box.querySelectorAll("tbody tr"));
      var selects = Array.prototype.slice.call(form.querySelectorAll("select"));
      var noise = box.querySelector(".pw-noise-toggle");
      var count = form.querySelector(".pw-filters__count");
      function fromHash() {
        var wanted = readHash();
        selects.forEach(function (select) {
          var value = wanted[select.name] || "";
          if (select.querySelector('option[value="' + CSS.escape(value) + '"]')) {
            select.value = value;
          }
        });
      }

      function apply() {
        var chosen = {};
        selects.forEach(function (select) {
          chosen[select.name] = select.value;
        });
        var noiseKind = form.querySelector('option[value="' + CSS.escape(chosen.kind || "") +
          '"][data-noise]');
        var showNoise = (noise && noise.checked) || Boolean(noiseKind);
        var shown = 0;
        rows.forEach(function (row) {
          var ok = (!chosen.platform || row.dataset.platform === chosen.platform) &&
            (!chosen.document || row.dataset.document === chosen.document) &&
            (!chosen.kind || row.dataset.kind === chosen.kind) &&
            (!chosen.category ||
              (row.dataset.categories || "").split(" ").indexOf(chosen.category) >= 0) &&
            (showNoise || !row.classList.contains("pw-noise"));
          row.hidden = !ok;
          if (ok) shown += 1;
        });
        if (count) count.textContent = "Showing " + shown + " of " + rows.length + " changes";
      }

      function remember() { // the filters as a shareable address: changes/#platform=x&kind=y
        var pairs = selects.filter(function (select) { return select.value; }).map(
          function (select) {
            return encodeURIComponent(select.name) + "=" + encodeURIComponent(select.value);
          });
        var hash = pairs.length ? "#" + pairs.join("&") : location.pathname + location.search;
        history.replaceState(history.state, "", hash);
      }

      selects.forEach(function (select) {
        select.addEventListener("change", function () { apply(); remember(); });
      });
      if (noise) noise.addEventListener("change", apply);
      window.addEventListener("hashchange", function () {
        if (!document.body.contains(box)) return;
        fromHash();
        apply();
      });
      form.hidden = false;
      box.classList.add("pw-js-filter");
      fromHash();
      apply();
    });
  }

  /* ---- Compare any two versions ------------------------------------------------------

     The two published plain texts are cut into blocks (paragraphs, list items, headings,
     tables); blocks are aligned with jsdiff, and a changed block paired with its old self is
     diffed word by word. Each shown block is rendered from its Markdown by marked (raw HTML
     escaped, images shown as their alt text), sanitised by DOMPurify (a short list of tags,
     http(s) and mailto links only), and only then are the changed words marked, in the DOM,
     with elements made here: snapshot text never reaches innerHTML unsanitised. */

  var libraries = null;

  function loadScript(url, name) {
    return new Promise(function (resolve, reject) {
      if (window[name]) { resolve(window[name]); return; }
      var tag = el("script", { src: url });
      tag.onload = function () { resolve(window[name]); };
      tag.onerror = function () { reject(new Error(name + " library")); };
      document.head.appendChild(tag);
    });
  }

  function loadLibraries() {
    if (!libraries) {
      libraries = Promise.all([
        loadScript(asset("vendor/diff.min.js"), "Diff"),
        loadScript(asset("vendor/marked.umd.js"), "marked"),
        loadScript(asset("vendor/purify.min.js"), "DOMPurify"),
      ]).then(function (got) {
        return { Diff: got[0], render: renderer(got[1], got[2]) };
      }).catch(function (error) {
        libraries = null;
        throw error;
      });
    }
    return libraries;
  }

  var ALLOWED_TAGS = ["p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li",
    "blockquote", "pre", "code", "em", "strong", "a", "table", "thead", "tbody", "tr", "th",
    "td", "span"];

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return "&#" + c.charCodeAt(0) + ";";
    });
  }

  /* Markdown to a sanitised DocumentFragment, as the change pages render snapshots. */
  function renderer(markedLib, purifier) {
    var engine = new markedLib.Marked({ gfm: true, breaks: false, async: false });
    engine.use({
      renderer: {
        html: function (token) { // raw HTML is shown as text, never parsed
          return token.block ? "<p>" + escapeHtml(token.text) + "</p>\n" : escapeHtml(token.text);
        },
        image: function (token) { // never embedded: its alt text, in brackets
          return '<span class="pw-image">[' + escapeHtml(token.text) + "]</span>";
        },
        heading: function (token) {
          var level = Math.min(token.depth + 1, 6); // the page's own title is its only h1
          return "<h" + level + ">" + this.parser.parseInline(token.tokens) + "</h" + level + ">\n";
        },
        checkbox: function () { return ""; },
      },
    });
    var config = {
      ALLOWED_TAGS: ALLOWED_TAGS,
      ALLOWED_ATTR: ["href", "title", "start", "align"],
      ALLOWED_URI_REGEXP: /^(?:https?:|mailto:)/i, // links: http(s) and mailto only
      ADD_URI_SAFE_ATTR: ["start", "align"], // numbers and alignments, not URLs
      ALLOW_DATA_ATTR: false,
      ALLOW_ARIA_ATTR: false,
      RETURN_DOM_FRAGMENT: true,
    };
    purifier.addHook("afterSanitizeAttributes", function (node) {
      if (node.tagName === "A") node.setAttribute("rel", "nofollow noreferrer"); // as safe_html.SNAPSHOT_LINK_REL
    });
    return function (markdown, definitions) {
      var source = definitions ? markdown + "\n\n" + definitions : markdown;
      return purifier.sanitize(engine.parse(source), config);
    };
  }

  var texts = new Map();

  function fetchText(url) {
    if (!texts.has(url)) {
      texts.set(url, fetch(url).then(function (response) {
        if (!response.ok) throw new Error(url + ": HTTP " + response.status);
        return response.text();
      }).catch(function (error) {
        texts.delete(url);
        throw error;
      }));
    }
    return texts.get(url);
  }

  var ITEM = /^[ \t]{0,3}(?:[*+-]|\d{1,9}[.)])[ \t]/;
  var FENCE = /^[ \t]{0,3}(`{3,}|~{3,})/;
  var HEADING = /^[ \t]{0,3}#{1,6}(?:[ \t]|$)/;

  /* The blocks of a text: separated by blank lines (fenced code kept whole), and each list
     item on its own, as the change pages align them. */
  function blocks(text) {
    var out = [];
    var current = [];
    var fence = null;
    function close() {
      if (current.length) out.push(current.join("\n"));
      current = [];
    }
    text.replace(/\r\n?/g, "\n").split("\n").forEach(function (line) {
      var opening = FENCE.exec(line);
      if (fence) {
        current.push(line);
        if (opening && opening[1].charAt(0) === fence.charAt(0) &&
            opening[1].length >= fence.length) fence = null;
        return;
      }
      if (opening) { close(); fence = opening[1]; current.push(line); return; }
      if (!line.trim()) { close(); return; }
      if (HEADING.test(line)) { close(); current.push(line); close(); return; }
      if (ITEM.test(line)) close();
      current.push(line);
    });
    close();
    return out;
  }

  var DEFINITION = /^[ \t]{0,3}\[[^\]\n]+\]:[ \t]*\S.*$/gm;

  /* A text's link reference definitions (`[name]: https://…`): each block is rendered with
     them, so a reference link resolves wherever its definition stands. */
  function definitions(text) {
    return (text.match(DEFINITION) || []).join("\n");
  }

  function key(block) {
    return block.replace(/\s+/g, " ").trim();
  }

  function vocabulary(text) {
    var words = {};
    (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) || []).forEach(function (w) { words[w] = 1; });
    return words;
  }

  function likeness(a, b) {
    var na = Object.keys(a).length;
    var nb = Object.keys(b).length;
    if (!na && !nb) return 1;
    var shared = 0;
    Object.keys(a).forEach(function (w) { if (b[w]) shared += 1; });
    return (2 * shared) / (na + nb);
  }

  var PAIR = 0.4; // blocks at least this alike are diffed word by word (as on change pages)

  /* Pairs (old index, new index) of a changed run, in order, most alike first. */
  function pairs(olds, news) {
    if (!olds.length || !news.length || olds.length * news.length > 10000) return [];
    var ov = olds.map(vocabulary);
    var nv = news.map(vocabulary);
    var scored = [];
    for (var i = 0; i < olds.length; i += 1) {
      for (var j = 0; j < news.length; j += 1) {
        var score = likeness(ov[i], nv[j]);
        if (score >= PAIR) scored.push([score, i, j]);
      }
    }
    scored.sort(function (a, b) { return b[0] - a[0] || a[1] - b[1] || a[2] - b[2]; });
    var taken = [];
    scored.forEach(function (s) {
      var crosses = taken.some(function (t) {
        return t[0] === s[1] || t[1] === s[2] || (t[0] < s[1]) !== (t[1] < s[2]);
      });
      if (!crosses) taken.push([s[1], s[2]]);
    });
    return taken.sort(function (a, b) { return a[0] - b[0]; });
  }

  function words(text) {
    var found = text.trim().match(/\S+/g);
    return found ? found.length : 0;
  }

  var CONTAINERS = /^(?:UL|OL|TABLE|THEAD|TBODY|TR)$/;

  /* The text nodes of a rendered block that a reader sees as its text: not the line breaks
     between list items or table cells, nor deleted words already shown. */
  function textNodes(root) {
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        var parent = node.parentNode;
        if (!parent.closest) return NodeFilter.FILTER_REJECT; // directly in the fragment
        if (!node.data.trim() && CONTAINERS.test(parent.tagName)) return NodeFilter.FILTER_REJECT;
        return parent.closest("del.critic") ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
      },
    });
    var nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    return nodes;
  }

  function wrap(node, tag) {
    var mark = el(tag, { class: "critic" });
    node.parentNode.insertBefore(mark, node);
    mark.appendChild(node);
  }

  /* Wrap the new text's characters [start, end) in <ins>. */
  function markInserted(root, start, end) {
    var at = 0;
    textNodes(root).forEach(function (node) {
      var from = at;
      var to = at + node.data.length;
      at = to;
      if (to <= start || from >= end) return;
      var piece = node;
      if (start > from) piece = piece.splitText(start - from);
      if (end < to) piece.splitText(end - Math.max(start, from));
      if (piece.data.trim()) wrap(piece, "ins");
    });
  }

  /* Show deleted words at offset `at` of the new text. */
  function markDeleted(root, at, text) {
    var nodes = textNodes(root);
    var deleted = el("del", { class: "critic" }, text);
    var seen = 0;
    for (var i = 0; i < nodes.length; i += 1) {
      var node = nodes[i];
      if (at <= seen + node.data.length) {
        var rest = at - seen < node.data.length ? node.splitText(at - seen) : null;
        var anchor = rest || node.nextSibling;
        node.parentNode.insertBefore(deleted, anchor);
        return;
      }
      seen += node.data.length;
    }
    var last = root.lastElementChild || root;
    last.appendChild(deleted);
  }

  /* A block changed word by word: the new block as rendered, its changed words marked. */
  function plainText(root) {
    return textNodes(root).map(function (n) { return n.data; }).join("");
  }

  function markChanges(Diff, fragment, oldText, counts) {
    var newText = plainText(fragment);
    var edits = [];
    var at = 0;
    Diff.diffWordsWithSpace(oldText, newText).forEach(function (part) {
      if (part.added) {
        edits.push({ start: at, end: at + part.value.length });
        at += part.value.length;
        counts.added += words(part.value);
      } else if (part.removed) {
        edits.push({ start: at, text: part.value });
        counts.removed += words(part.value);
      } else {
        at += part.value.length;
      }
    });
    // From the end backwards, so that earlier offsets still hold.
    for (var i = edits.length - 1; i >= 0; i -= 1) {
      var edit = edits[i];
      if (edit.text !== undefined) {
        if (edit.text.trim()) markDeleted(fragment, edit.start, edit.text);
      } else {
        markInserted(fragment, edit.start, edit.end);
      }
    }
  }

  function markWhole(fragment, tag) {
    textNodes(fragment).forEach(function (node) {
      if (node.data.trim()) wrap(node, tag);
    });
  }

  function flag(fragment, css) {
    Array.prototype.forEach.call(fragment.children, function (child) {
      child.classList.add(css);
    });
  }

  var CONTEXT_BLOCKS = 1; // unchanged blocks shown around each change

  function renderDiff(libs, before, after, out) {
    var Diff = libs.Diff;
    var render = libs.render;
    var olds = blocks(before);
    var news = blocks(after);
    var oldDefinitions = definitions(before);
    var newDefinitions = definitions(after);
    var body = el("div", { class: "pw-compare__diff" });
    var counts = { added: 0, removed: 0 };
    var parts = Diff.diffArrays(olds.map(key), news.map(key));
    var i = 0; // next old block
    var j = 0; // next new block

    function show(markdown) {
      body.appendChild(render(markdown, newDefinitions));
    }

    function shown(markdown, css, tag) {
      var fragment = render(markdown, tag === "ins" ? newDefinitions : oldDefinitions);
      counts[tag === "ins" ? "added" : "removed"] += words(plainText(fragment));
      markWhole(fragment, tag);
      flag(fragment, css);
      body.appendChild(fragment);
    }

    function changedRun(oldRun, newRun) {
      var matched = pairs(oldRun, newRun);
      var oi = 0;
      var ni = 0;
      matched.concat([[oldRun.length, newRun.length]]).forEach(function (pair) {
        for (; oi < pair[0]; oi += 1) shown(oldRun[oi], "pw-block-delete", "del");
        for (; ni < pair[1]; ni += 1) shown(newRun[ni], "pw-block-insert", "ins");
        if (pair[0] < oldRun.length) {
          var fragment = render(newRun[pair[1]], newDefinitions);
          var oldText = plainText(render(oldRun[pair[0]], oldDefinitions));
          markChanges(Diff, fragment, oldText, counts);
          flag(fragment, "pw-block-change");
          body.appendChild(fragment);
          oi += 1;
          ni += 1;
        }
      });
    }

    for (var k = 0; k < parts.length; k += 1) {
      var part = parts[k];
      if (part.removed || part.added) {
        var oldRun = [];
        var newRun = [];
        while (k < parts.length && (parts[k].removed || parts[k].added)) {
          if (parts[k].removed) {
            oldRun = oldRun.concat(olds.slice(i, i + parts[k].count));
            i += parts[k].count;
          } else {
            newRun = newRun.concat(news.slice(j, j + parts[k].count));
            j += parts[k].count;
          }
          k += 1;
        }
        k -= 1;
        changedRun(oldRun, newRun);
        continue;
      }
      var same = news.slice(j, j + part.count);
      i += part.count;
      j += part.count;
      var first = k === 0;
      var last = k === parts.length - 1;
      var head = first ? 0 : Math.min(CONTEXT_BLOCKS, same.length);
      var tail = last ? 0 : Math.min(CONTEXT_BLOCKS, same.length - head);
      var skipped = same.length - head - tail;
      if (skipped === 1) { head += 1; skipped = 0; } // a fold would take the room of the block
      same.slice(0, head).forEach(show);
      if (skipped > 0) {
        body.appendChild(el("p", { class: "pw-skip" },
          "\u2026 " + skipped + " unchanged block" + (skipped === 1 ? "" : "s") + " \u2026"));
      }
      same.slice(same.length - tail).forEach(show);
    }
    out.replaceChildren();
    if (counts.added === 0 && counts.removed === 0 && !body.querySelector(".critic")) {
      out.appendChild(el("p", { class: "pw-compare__summary" },
        "These two versions have the same text."));
      return;
    }
    var summary = el("p", { class: "pw-compare__summary" });
    summary.appendChild(el("span", { class: "pw-plus" }, "+" + counts.added.toLocaleString("en")));
    summary.appendChild(document.createTextNode(" "));
    summary.appendChild(el("span", { class: "pw-minus" },
      "\u2212" + counts.removed.toLocaleString("en")));
    summary.appendChild(document.createTextNode(" words"));
    out.appendChild(summary);
    out.appendChild(body);
  }

  function setupCompare(root) {
    root.querySelectorAll(".pw-compare").forEach(function (box) {
      if (box.classList.contains("pw-js-compare")) return;
      var links = Array.prototype.slice.call(box.querySelectorAll(".pw-compare__versions a"));
      var out = box.querySelector(".pw-compare__output");
      if (links.length < 2 || !out) return;
      var versions = links.map(function (link) {
        var file = link.getAttribute("href").split("/").pop();
        return { stamp: file.replace(/\.txt$/, ""), label: link.textContent, url: link.href };
      });
      var byStamp = new Map(versions.map(function (v) { return [v.stamp, v]; }));

      function picker(name, label) {
        var wrap = el("label", { class: "pw-compare__pick" }, label + " ");
        var select = el("select", { name: name });
        versions.forEach(function (v) {
          select.appendChild(el("option", { value: v.stamp }, v.label));
        });
        wrap.appendChild(select);
        return { wrap: wrap, select: select };
      }

      var from = picker("from", "From");
      var to = picker("to", "to");
      var permalink = el("a", { class: "pw-compare__permalink", href: "#" }, "Permalink");
      var controls = el("div", { class: "pw-compare__controls" });
      controls.append(from.wrap, to.wrap, permalink);
      box.insertBefore(controls, out);

      function fromHash() {
        var match = /^#(.+)\.\.(.+)$/.exec(location.hash);
        if (match && byStamp.has(match[1]) && byStamp.has(match[2])) {
          from.select.value = match[1];
          to.select.value = match[2];
        } else {
          from.select.value = versions[1].stamp; // newest first: the change before the latest
          to.select.value = versions[0].stamp;
        }
      }

      var run = 0;
      function compare() {
        var mine = (run += 1);
        var old = byStamp.get(from.select.value);
        var neu = byStamp.get(to.select.value);
        var hash = "#" + old.stamp + ".." + neu.stamp;
        permalink.setAttribute("href", hash);
        if (location.hash !== hash) history.replaceState(history.state, "", hash);
        out.replaceChildren(el("p", { class: "pw-compare__summary" }, "Comparing\u2026"));
        Promise.all([loadLibraries(), fetchText(old.url), fetchText(neu.url)]).then(function (got) {
          if (mine !== run) return;
          renderDiff(got[0], got[1], got[2], out);
          out.setAttribute("data-shown", old.stamp + ".." + neu.stamp); // what it shows now
        }).catch(function (error) {
          if (mine !== run) return;
          out.replaceChildren(el("p", { class: "pw-compare__error" },
            "Could not load the texts to compare (" + error.message + "). The site must be " +
            "served over http(s); the plain texts are linked below."));
        });
      }

      from.select.addEventListener("change", compare);
      to.select.addEventListener("change", compare);
      window.addEventListener("hashchange", function () {
        if (!document.body.contains(box)) return;
        fromHash();
        compare();
      });
      box.classList.add("pw-js-compare");
      fromHash();
      compare();
    });
  }

  /* ---- Links from a change card to a changed block of its diff ---------------------------

     The diff sits in the first of two content tabs ("Changes", "Full text"): a link to one of
     its blocks (#pw-change-N) opens that tab first, so the block can be seen. */

  function revealChange() {
    var id = decodeURIComponent(location.hash.replace(/^#/, ""));
    if (!/^pw-change-[0-9]+$/.test(id)) return;
    var target = document.getElementById(id);
    if (!target) return;
    var block = target.closest(".tabbed-block");
    var set = block && block.closest(".tabbed-set");
    if (set) {
      var index = Array.prototype.indexOf.call(block.parentElement.children, block);
      var inputs = set.querySelectorAll(":scope > input");
      if (inputs[index] && !inputs[index].checked) inputs[index].click();
    }
    target.scrollIntoView({ block: "start" });
  }

  window.addEventListener("hashchange", revealChange);

  /* ---- The platform-by-category matrix: a filter box when it has many rows -------------- */

  function setupMatrix(root) {
    root.querySelectorAll(".pw-matrix--filterable").forEach(function (box) {
      if (box.classList.contains("pw-js-matrix")) return;
      var rows = Array.prototype.slice.call(box.querySelectorAll("tbody tr"));
      var bar = el("div", { class: "pw-matrix__filter", role: "search" });
      var input = el("input", {
        type: "search", placeholder: "Filter platforms\u2026", "aria-label": "Filter platforms",
      });
      var shown = el("span", { class: "pw-matrix__shown", "aria-live": "polite" });
      bar.append(input, shown);
      box.insertBefore(bar, box.firstChild);
      var names = rows.map(function (row) {
        var head = row.querySelector("th");
        var link = head && head.querySelector("a");
        return [row.dataset.platform || "", head ? head.textContent : "",
          link ? link.getAttribute("title") || "" : ""].join(" ").toLowerCase();
      });
      function apply() {
        var wanted = input.value.trim().toLowerCase();
        var count = 0;
        rows.forEach(function (row, i) {
          var ok = !wanted || names[i].indexOf(wanted) >= 0;
          row.hidden = !ok;
          if (ok) count += 1;
        });
        shown.textContent = count + " of " + rows.length + " platforms";
      }
      input.addEventListener("input", apply);
      box.classList.add("pw-js-matrix");
      apply();
    });
  }

  function setup() {
    setupFilters(document);
    setupCompare(document);
    setupMatrix(document);
    revealChange();
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setup);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
