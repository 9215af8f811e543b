package apptest

import (
	"fmt"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// markFocusableJS numbers every control a person can see and use on the
// page (links, buttons, form controls, summaries, anything with a
// tabindex ≥ 0) and returns how many there are. A radio group counts
// once: Tab stops on one of its buttons.
const markFocusableJS = `(() => {
  const sel = 'a[href], button:not([disabled]), input:not([type=hidden]):not([disabled]), select:not([disabled]),' +
    'textarea:not([disabled]), summary, [tabindex]:not([tabindex="-1"])';
  let n = 0; const radios = {};
  for (const el of document.querySelectorAll(sel)) {
    const style = getComputedStyle(el);
    // checkVisibility also sees the contents of a closed <details>.
    if (!el.checkVisibility({checkVisibilityCSS: true}) || style.visibility === 'hidden') continue;
    if (el.type === 'radio') {
      if (!(el.name in radios)) radios[el.name] = n++;
      el.dataset.kb = radios[el.name];
      continue;
    }
    el.dataset.kb = n++;
  }
  document.activeElement && document.activeElement.blur();
  window.scrollTo(0, 0);
  return n;
})()`

// focusedJS describes the element Tab has just focused: its mark (or -1)
// and whether the focus can be seen (an outline or a box shadow).
const focusedJS = `(() => {
  const el = document.activeElement;
  if (!el || el === document.body) return {mark: -1, visible: true, what: ''};
  const s = getComputedStyle(el);
  const ring = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none';
  return {mark: el.dataset.kb === undefined ? -1 : Number(el.dataset.kb), visible: ring,
    what: el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + ' "' + (el.innerText || el.value || el.name || '').trim().slice(0, 40) + '"'};
})()`

// listUnreachedJS names the marked controls that are not in reached.
const listUnreachedJS = `((reached) => [...document.querySelectorAll('[data-kb]')]
  .filter(el => !reached.includes(Number(el.dataset.kb)))
  .map(el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + ' "' + (el.innerText || el.value || el.name || '').trim().slice(0, 40) + '"'))`

// KeyboardProblems presses Tab through the page from its top, as a person
// without a mouse does, and returns what stops them: a visible control
// Tab never reaches, or a control that takes the focus without showing
// it. Empty means every control can be reached and seen focused.
func (b *Browser) KeyboardProblems() []string {
	b.t.Helper()
	total := run(b, stepTimeout, "mark the page's controls", chromedp.Evaluate[int](markFocusableJS))
	type focused struct {
		Mark    int    `json:"mark"`
		Visible bool   `json:"visible"`
		What    string `json:"what"`
	}
	var problems []string
	reached := map[int]bool{}
	// A date field takes a Tab per part, so allow a few presses a control.
	for press := 0; press < 3*total+10 && len(reached) < total; press++ {
		run(b, stepTimeout, "press Tab", chromedp.KeyEvent(kb.Tab))
		f := run(b, stepTimeout, "read the focus", chromedp.Evaluate[focused](focusedJS))
		if f.Mark < 0 || reached[f.Mark] {
			continue
		}
		reached[f.Mark] = true
		if !f.Visible {
			problems = append(problems, "focus not visible on "+f.What)
		}
	}
	marks := make([]int, 0, len(reached))
	for m := range reached {
		marks = append(marks, m)
	}
	for _, what := range run(b, stepTimeout, "list unreached controls",
		chromedp.Evaluate[[]string](fmt.Sprintf("%s(%s)", listUnreachedJS, jsInts(marks)))) {
		problems = append(problems, "Tab never reaches "+what)
	}
	return problems
}

// jsInts writes ns as a JavaScript array literal.
func jsInts(ns []int) string {
	s := "["
	for i, n := range ns {
		if i > 0 {
			s += ","
		}
		s += fmt.Sprint(n)
	}
	return s + "]"
}
