// The search page: plain HTML, a little CSS and JavaScript, no build step.
//
// Every URL in it is relative to the page, which is served at the mount prefix + "/", so the
// same bytes work under any prefix. Without JavaScript the form sends GET ./?q=word, which the
// server redirects to the word's page. With it:
// - typing asks for words?prefix=... once the typing pauses (debounced), and an answer that
//   arrives after a newer request was made is dropped, so the list never goes backwards;
// - a suggestion is picked with a click, or with the arrow keys and Enter; a word typed out in
//   full shows its explanation at once;
// - submitting looks the word up (words/{word}); a miss shows the "did you mean" words as links;
// - whatever the server sends is put in the page with textContent, never parsed as HTML.
#include "pages.hpp"

namespace coronet::handlers::dictionary_detail {

std::string_view search_page() {
    return R"html(<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Dictionary</title>
<style>
body { font-family: system-ui, sans-serif; max-width: 40em; margin: 2em auto; padding: 0 1em; line-height: 1.5; color: #222; }
form { display: flex; gap: .5em; position: relative; }
input { flex: 1; font: inherit; font-size: 1.1em; padding: .4em; }
button { font: inherit; padding: .4em 1em; }
#suggestions { position: absolute; top: 100%; left: 0; right: 0; z-index: 1; margin: 2px 0 0; padding: 0;
               list-style: none; background: #fff; border: 1px solid #bbb; box-shadow: 0 2px 6px #0003; }
#suggestions li { padding: .3em .6em; cursor: pointer; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
#suggestions li[aria-selected="true"], #suggestions li:hover { background: #e3ecfd; }
.hint { color: #666; margin-left: .8em; }
.explanation { white-space: pre-wrap; }
#status { color: #666; min-height: 1.5em; }
</style>
</head>
<body>
<h1>Dictionary</h1>
<form id="search" action="./" method="get" role="search">
  <input id="q" name="q" type="search" required autofocus autocomplete="off" spellcheck="false"
         autocapitalize="none" placeholder="Type a word" aria-label="Word" role="combobox"
         aria-autocomplete="list" aria-expanded="false" aria-controls="suggestions">
  <button type="submit">Look up</button>
  <ul id="suggestions" role="listbox" aria-label="Suggestions" hidden></ul>
</form>
<p id="status" role="status"></p>
<section id="entry" hidden>
  <h2 id="word"></h2>
  <p id="explanation" class="explanation"></p>
</section>
<section id="miss" hidden>
  <p>Did you mean:</p>
  <ul id="near"></ul>
</section>
<script>
"use strict";
const $ = (id) => document.getElementById(id);
const form = $("search"), input = $("q"), list = $("suggestions"), status = $("status");
const typingPause = 150;               // ms without a keystroke before suggestions are asked for
const newest = { suggest: 0, lookUp: 0 };   // the latest request of each kind; older answers are dropped
let timer = 0;
let active = -1;                       // the highlighted suggestion, -1 for none

const wordUrl = (word) => "words/" + encodeURIComponent(word);

// GET a JSON answer; null when a newer request of the same kind was made meanwhile, or on failure.
async function ask(url, kind) {
  const ticket = ++newest[kind];
  try {
    const res = await fetch(url, { headers: { Accept: "application/json" } });
    const body = await res.json();
    return ticket === newest[kind] ? { status: res.status, body } : null;
  } catch (err) {
    if (ticket === newest[kind]) say("The dictionary did not answer: " + err.message);
    return null;
  }
}

function say(text) { status.textContent = text; }

function highlight(i) {
  active = i;
  [...list.children].forEach((li, j) => li.setAttribute("aria-selected", String(j === i)));
  if (i < 0) {
    input.removeAttribute("aria-activedescendant");
  } else {
    input.setAttribute("aria-activedescendant", list.children[i].id);
    list.children[i].scrollIntoView({ block: "nearest" });
  }
}

function option(entry, i) {
  const li = document.createElement("li");
  li.id = "suggestion-" + i;
  li.setAttribute("role", "option");
  const word = document.createElement("span"), hint = document.createElement("span");
  word.textContent = entry.word;
  hint.className = "hint";
  hint.textContent = entry.explanation;
  li.append(word, hint);
  li.addEventListener("mousedown", (ev) => ev.preventDefault());   // keeps the focus in the box
  li.addEventListener("click", () => lookUp(entry.word));
  li.dataset.word = entry.word;
  return li;
}

function showSuggestions(entries) {
  list.replaceChildren(...entries.map(option));
  list.hidden = entries.length === 0;
  input.setAttribute("aria-expanded", String(!list.hidden));
  highlight(-1);
}

function closeSuggestions() {
  clearTimeout(timer);
  newest.suggest++;                      // an answer still on its way is no longer wanted
  showSuggestions([]);
}

function showEntry(entry) {
  say("");
  $("miss").hidden = true;
  $("word").textContent = entry.word;
  $("explanation").textContent = entry.explanation;
  $("entry").hidden = false;
}

function showMiss(word, suggestions) {
  say("“" + word + "” is not in the dictionary.");
  $("entry").hidden = true;
  $("near").replaceChildren(...suggestions.map((near) => {
    const a = document.createElement("a");
    a.href = wordUrl(near);               // also a plain link to the word's own page
    a.textContent = near;
    a.addEventListener("click", (ev) => { ev.preventDefault(); lookUp(near); });
    const li = document.createElement("li");
    li.append(a);
    return li;
  }));
  $("miss").hidden = suggestions.length === 0;
}

async function suggest() {
  const prefix = input.value.trimStart();
  if (!prefix) return closeSuggestions();
  const answer = await ask("words?prefix=" + encodeURIComponent(prefix) + "&limit=10", "suggest");
  if (!answer) return;
  if (answer.status !== 200) return say(answer.body.error || "Error " + answer.status);
  showSuggestions(answer.body.words);
  const typed = input.value.trim();
  const exact = answer.body.words.find((entry) => entry.word === typed);
  if (exact) showEntry(exact);
}

async function lookUp(word) {
  closeSuggestions();
  input.value = word;
  const answer = await ask(wordUrl(word), "lookUp");
  if (!answer) return;
  if (answer.status === 200) showEntry(answer.body);
  else if (answer.status === 404) showMiss(word, answer.body.suggestions || []);
  else say(answer.body.error || "Error " + answer.status);
}

input.addEventListener("input", () => {
  clearTimeout(timer);
  timer = setTimeout(suggest, typingPause);
});

input.addEventListener("keydown", (ev) => {
  const count = list.hidden ? 0 : list.children.length;
  if (ev.key === "ArrowDown" && count) highlight(active + 1 < count ? active + 1 : 0);
  else if (ev.key === "ArrowUp" && count) highlight(active > 0 ? active - 1 : count - 1);
  else if (ev.key === "Enter" && active >= 0) lookUp(list.children[active].dataset.word);
  else if (ev.key === "Escape" && count) closeSuggestions();
  else return;
  ev.preventDefault();
});

input.addEventListener("blur", closeSuggestions);

form.addEventListener("submit", (ev) => {
  ev.preventDefault();
  const word = input.value.trim();
  if (word) lookUp(word);
});
</script>
</body>
</html>
)html";
}

}  // namespace coronet::handlers::dictionary_detail
