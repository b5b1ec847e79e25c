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
  var JSDIFF = script ? new URL("vendor/diff.min.js", script.src).href : null;
  var CONTEXT_LINES = 2; // unchanged lines kept around each change on the compare page

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

  /* ---- Compare any two versions ----------------------------------------------------- */

  var jsdiffLoading = null;

  function loadJsdiff() {
    if (window.Diff) return Promise.resolve(window.Diff);
    if (!jsdiffLoading) {
      jsdiffLoading = new Promise(function (resolve, reject) {
        var tag = el("script", { src: JSDIFF });
        tag.onload = function () { resolve(window.Diff); };
        tag.onerror = function () { jsdiffLoading = null; reject(new Error("diff library")); };
        document.head.appendChild(tag);
      });
    }
    return jsdiffLoading;
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

  function lines(value) {
    var parts = value.split("\n");
    if (parts[parts.length - 1] === "") parts.pop();
    return parts;
  }

  function trimBlank(list) {
    var start = 0;
    var end = list.length;
    while (start < end && !list[start].trim()) start += 1;
    while (end > start && !list[end - 1].trim()) end -= 1;
    return list.slice(start, end);
  }

  /* Lines first, then words inside each replaced run of lines: fast on long policies and
     the same shape as the diffs the site renders. */
  function renderDiff(Diff, before, after, out) {
    var added = 0;
    var removed = 0;
    var body = el("div", { class: "pw-compare__diff" });
    var parts = Diff.diffLines(before, after);
    for (var i = 0; i < parts.length; i += 1) {
      var part = parts[i];
      var next = parts[i + 1];
      if (part.removed && next && next.added) {
        var block = el("p", { class: "pw-block-change" });
        Diff.diffWordsWithSpace(part.value, next.value).forEach(function (word) {
          var tag = word.added ? "ins" : word.removed ? "del" : "span";
          var node = el(tag, tag === "span" ? {} : { class: "critic" }, word.value);
          block.appendChild(node);
          var count = word.value.trim() ? word.value.trim().split(/\s+/).length : 0;
          if (word.added) added += count;
          if (word.removed) removed += count;
        });
        body.appendChild(block);
        i += 1;
      } else if (part.added || part.removed) {
        var tag = part.added ? "ins" : "del";
        var whole = el("p", { class: part.added ? "pw-block-insert" : "pw-block-delete" });
        whole.appendChild(el(tag, { class: "critic" }, part.value));
        body.appendChild(whole);
        var words = part.value.trim() ? part.value.trim().split(/\s+/).length : 0;
        if (part.added) added += words; else removed += words;
      } else {
        var same = lines(part.value);
        var first = i === 0;
        var last = i === parts.length - 1;
        var head = first ? [] : trimBlank(same.slice(0, CONTEXT_LINES));
        var tail = last ? [] :
          trimBlank(same.slice(Math.max(head.length, same.length - CONTEXT_LINES)));
        var skipped = same.length - head.length - tail.length;
        if (skipped === 1) { // a fold would take as much room as the line it hides
          head = first ? [] : same;
          tail = first ? same : [];
          skipped = 0;
        }
        if (head.length) body.appendChild(el("p", { class: "pw-compare__same" }, head.join("\n")));
        if (skipped > 0) {
          body.appendChild(el("p", { class: "pw-skip" },
            "\u2026 " + skipped + " unchanged line" + (skipped === 1 ? "" : "s") + " \u2026"));
        }
        if (tail.length) body.appendChild(el("p", { class: "pw-compare__same" }, tail.join("\n")));
      }
    }
    out.replaceChildren();
    if (added === 0 && removed === 0) {
      out.appendChild(el("p", { class: "pw-compare__summary" },
        "These two versions have the same text."));
      return;
    }
    var summary = el("p", { class: "pw-compare__summary" });
    summary.appendChild(el("span", { class: "pw-plus" }, "+" + added.toLocaleString("en")));
    summary.appendChild(document.createTextNode(" "));
    summary.appendChild(el("span", { class: "pw-minus" }, "\u2212" + removed.toLocaleString("en")));
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
        Promise.all([loadJsdiff(), fetchText(old.url), fetchText(neu.url)]).then(function (got) {
          if (mine === run) renderDiff(got[0], got[1], got[2], out);
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

  function setup() {
    setupFilters(document);
    setupCompare(document);
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setup);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
