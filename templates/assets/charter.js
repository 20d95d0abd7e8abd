// Charter's own script: filters "Who do I ask about…" as the reader types, and marks the RACI
// tables whose columns continue off-screen. Loaded by every page (MkDocs' extra_javascript);
// it does nothing on pages without those parts. No inline script: the pages' Content-Security-
// Policy allows scripts from the site itself only.
(function () {
  "use strict";

  // Words that say nothing about the subject ("who do I ask about a discount?").
  var STOP = new Set(("a about an and anyone are ask can contact do does find for from get go " +
    "how i in is it me my need of on or our please reach should somebody someone talk that the " +
    "there this to we what when where which who whom why with you your").split(" "));

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  // A word matches its own family: "approves" finds "approving", "discounts" finds "discount".
  function stems(query) {
    return fold(query).split(/[^\p{L}\p{N}#@%&]+/u)
      .filter(function (w) { return w && !STOP.has(w); })
      .map(function (w) { return w.length > 5 ? w.slice(0, w.length - 2) : w; });
  }

  function askFilter() {
    var box = document.getElementById("charter-ask-filter");
    if (!box) return;
    var count = document.getElementById("charter-ask-count");
    var cards = Array.prototype.slice.call(document.querySelectorAll(".charter-answer"));
    var texts = cards.map(function (card) { return fold(card.textContent); });
    var headings = Array.prototype.slice.call(document.querySelectorAll(".md-typeset h2"));

    // Each card's words and weights, from the same index as `charter ask` (charter/ask.py):
    // the best match comes first within its team, as `charter ask` would rank it.
    var weights = cards.map(function (card) {
      return (card.getAttribute("data-charter-terms") || "").split(" ").filter(Boolean).map(function (pair) {
        var cut = pair.lastIndexOf(":");
        return [pair.slice(0, cut), parseFloat(pair.slice(cut + 1))];
      });
    });
    function score(i, words) {
      return words.reduce(function (sum, w) {
        var best = 0;
        weights[i].forEach(function (pair) {
          // The same word counts whole; a word of its family ("signature" for "sign") half, since
          // this page cannot stem exactly as `charter ask` does.
          var t = pair[0];
          var worth = t === w ? pair[1] : (t.length >= 3 && (w.indexOf(t) === 0 || t.indexOf(w) === 0) ? pair[1] / 2 : 0);
          if (worth > best) best = worth;
        });
        return sum + best;
      }, 0);
    }

    // A word of one or two letters ("AP", "IT") is a word of its own, never the start of another.
    function said(text, w) {
      if (w.length >= 3) return text.indexOf(w) >= 0;
      // (w holds only letters, digits and #@%&, none of which a pattern reads as anything else)
      return new RegExp("(^|[^\\p{L}\\p{N}])" + w + "($|[^\\p{L}\\p{N}])", "u").test(text);
    }
    // The organisation's own words for what a card says ("AP" for accounts payable), from its
    // vocabulary: they find the card though it does not show them.
    var named = cards.map(function (card) {
      return (card.getAttribute("data-charter-named") || "").split(" ").filter(Boolean);
    });
    function indexed(i, w) {
      return named[i].some(function (t) {
        return t === w || (w.length >= 3 && t.length >= 3 && (w.indexOf(t) === 0 || t.indexOf(w) === 0));
      });
    }

    // The cards of each team, in the page's order: ranking moves a card only within its team.
    var groups = headings.map(function (heading) {
      var group = [];
      for (var next = heading.nextElementSibling; next && next.tagName !== "H2"; next = next.nextElementSibling) {
        if (next.classList.contains("charter-answer")) group.push(cards.indexOf(next));
      }
      return group;
    });

    function rank(words) {
      groups.forEach(function (group, g) {
        var scores = {};
        group.forEach(function (i) { scores[i] = words.length ? score(i, words) : 0; });
        var sorted = group.slice().sort(function (a, b) { return scores[b] - scores[a] || a - b; });
        var at = headings[g];
        sorted.forEach(function (i) { at.after(cards[i]); at = cards[i]; });
      });
    }

    function apply() {
      var words = stems(box.value);
      var shown = 0;
      rank(words);
      cards.forEach(function (card, i) {
        // A word matches what the card says, or one of its index words: a name the role is also
        // known by, or the organisation's own word for what it says ("AP" for accounts payable).
        var match = words.every(function (w) { return said(texts[i], w) || indexed(i, w); });
        card.hidden = !match;
        if (match) shown += 1;
        card.querySelectorAll("li").forEach(function (item) {
          var text = fold(item.textContent);
          item.classList.toggle("charter-hit", words.length > 0 && words.some(function (w) {
            return said(text, w);
          }));
        });
      });
      headings.forEach(function (heading) {
        var any = false;
        for (var next = heading.nextElementSibling; next && next.tagName !== "H2"; next = next.nextElementSibling) {
          if (next.classList.contains("charter-answer") && !next.hidden) any = true;
        }
        heading.hidden = !any;
      });
      if (!box.value.trim()) {
        count.textContent = "";
      } else if (shown) {
        count.textContent = shown + (shown === 1 ? " role matches." : " roles match.");
      } else {
        count.textContent = "No role matches \u201c" + box.value.trim() + "\u201d. Try one shorter word, " +
          "or search the whole site (press /).";
      }
    }

    box.addEventListener("input", apply);
    var asked = new URLSearchParams(window.location.search).get("q");
    if (asked) {
      box.value = asked;
    }
    apply();
  }

  // A table wider or taller than its frame gets a visible cue, so a letter or a row out of sight
  // is never mistaken for a missing one; the cue goes once the reader has scrolled to the end.
  // RACI matrices have their own frame (.charter-raci); other tables are wrapped by Material's
  // script, which has run by the time the page's "load" event fires.
  // The heading a frame is under, to name it: each of a page's tables by its own section.
  function heading(frame) {
    var all = Array.prototype.slice.call(document.querySelectorAll(".md-typeset h1, .md-typeset h2, .md-typeset h3"));
    var found = "this page";
    all.forEach(function (h) {
      if (h.compareDocumentPosition(frame) & Node.DOCUMENT_POSITION_FOLLOWING) found = h.textContent.replace("\u00b6", "").trim();
    });
    var same = document.querySelectorAll('[data-charter-under="' + CSS.escape(found) + '"]').length;
    frame.setAttribute("data-charter-under", found);
    return same ? found + ", " + (same + 1) : found;
  }

  function cue(frame) {
    if (frame.getAttribute("data-charter-cue")) return;
    frame.setAttribute("data-charter-cue", "1");
    // A frame that scrolls can be scrolled from the keyboard (WCAG 2.1.1; axe-core's
    // scrollable-region-focusable): it takes focus, and says what it holds.
    if (!frame.hasAttribute("tabindex")) frame.setAttribute("tabindex", "0");
    if (!frame.hasAttribute("role")) {
      frame.setAttribute("role", "region");
      frame.setAttribute("aria-label", "Table under \u201c" + heading(frame) + "\u201d (scrolls)");
    }
    var note = document.createElement("p");
    note.className = "charter-scroll-cue";
    note.setAttribute("aria-hidden", "true");
    frame.parentNode.insertBefore(note, frame);
    function update() {
      var right = frame.scrollWidth - frame.clientWidth - frame.scrollLeft > 2;
      var below = frame.scrollHeight - frame.clientHeight - frame.scrollTop > 2;
      note.textContent = right && below ? "More columns and rows: scroll the table \u2192 \u2193"
        : right ? "More columns to the right: scroll sideways \u2192"
        : below ? "More rows below: scroll the table \u2193" : "";
      note.hidden = !(right || below);
    }
    frame.addEventListener("scroll", update, { passive: true });
    window.addEventListener("resize", update);
    update();
  }

  function scrollCues() {
    document.querySelectorAll(".charter-raci").forEach(cue);
  }

  window.addEventListener("load", function () {
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (frame) {
      if (!frame.closest(".charter-raci")) cue(frame);
    });
  });

  // The site's search: Pagefind's UI in the header (templates/theme/partials/header.html), the
  // words found highlighted on the page reached, "/" to search from anywhere.
  function search() {
    var mount = document.getElementById("charter-search");
    if (!mount || typeof window.PagefindUI !== "function") return;
    // Absolute, because a relative path in import() is read from this script's folder, not the page's.
    var bundle = new URL(mount.getAttribute("data-bundle") || "pagefind/", document.baseURI).href;
    var toggle = document.getElementById("__search");
    new window.PagefindUI({
      element: "#charter-search",
      bundlePath: bundle,
      // Pages are indexed by their address from the site's root; the site may be served from a
      // sub-folder (an internal host, GitHub Pages), which is where the bundle lives.
      baseUrl: new URL("..", bundle).pathname,
      showSubResults: true,
      showImages: false,
      resetStyles: false,
      excerptLength: 20,
      // Pagefind searches 300 ms after the last keystroke unless told otherwise; its searches
      // take a few milliseconds, and the wait was most of the time to the first result (at
      // 500 roles: 0.55 s with 300 ms, 0.38 s with 100 ms; a second query 0.40 s and 0.21 s;
      // at 5,000 roles, alternating: 0.37 s with 100 ms, 0.29 s with 50 ms; 0.27 s and 0.22 s).
      debounceTimeoutMs: 50,
      highlightParam: "highlight",
      // Pagefind finds pages holding every word; "can we ship a hotfix" should find "hotfix".
      processTerm: function (term) {
        // An abbreviation in capitals is a word ("IT director"), as `charter ask` reads it.
        var shouting = term === term.toUpperCase();
        var kept = term.split(/\s+/).filter(function (w) {
          return w && (!STOP.has(fold(w)) || (!shouting && w.length >= 2 && w === w.toUpperCase()));
        });
        return kept.length ? kept.join(" ") : term;
      },
      translations: {
        placeholder: "Search people, roles, subjects",
        zero_results: "Nothing matches [SEARCH_TERM]. Try one shorter word, or see \u201cWho do I ask about\u2026\u201d under Organisation.",
      },
    });

    function input() {
      return mount.querySelector("input");
    }

    // Pagefind's box is named only by its title attribute; a screen reader needs a label
    // (axe-core's label-title-only). Its UI draws the box once it has loaded.
    function name() {
      var box = input();
      if (box && !box.hasAttribute("aria-label")) box.setAttribute("aria-label", "Search the charter: people, roles, subjects");
      return !!box;
    }
    if (!name()) {
      new MutationObserver(function (_changes, watcher) { if (name()) watcher.disconnect(); })
        .observe(mount, { childList: true, subtree: true });
    }

    document.addEventListener("keydown", function (event) {
      var target = event.target;
      var typing = target instanceof HTMLElement &&
        (target.isContentEditable || /^(input|textarea|select)$/i.test(target.tagName));
      if (event.key === "/" && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
        event.preventDefault();
        if (toggle && !mount.offsetParent) toggle.checked = true; // a phone: open the search panel
        var box = input();
        if (box) box.focus();
      } else if (event.key === "Escape" && toggle && toggle.checked) {
        toggle.checked = false;
        var open = input();
        if (open) open.blur();
      }
    });
    if (toggle) {
      toggle.addEventListener("change", function () {
        var box = input();
        if (toggle.checked && box) box.focus();
      });
    }

    if (new URLSearchParams(window.location.search).has("highlight")) {
      import(bundle + "pagefind-highlight.js").then(function (module) {
        new module.default({ highlightParam: "highlight" });
      });
    }
  }

  function start() {
    askFilter();
    scrollCues();
    search();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
