package apptest

import (
	"context"
	"encoding/json"
	"strings"

	"github.com/chromedp/chromedp"
)

// evalJS calls the JavaScript function fn with the arguments args, which it
// encodes as JSON, and decodes the result into T. It awaits a promise.
func evalJS[T any](ctx context.Context, fn string, args ...any) (T, error) {
	var zero T
	enc := make([]string, len(args))
	for i, a := range args {
		j, err := json.Marshal(a)
		if err != nil {
			return zero, err
		}
		enc[i] = string(j)
	}
	expr := "(" + fn + ")(" + strings.Join(enc, ", ") + ")"
	return chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
}

// controlInfo is what findControlJS reports.
type controlInfo struct {
	Error string `json:"error"`
	Kind  string `json:"kind"`
	Value string `json:"value"`
}

// pageHelpersJS defines the helpers that the scripts below share.
const pageHelpersJS = `
const norm = (s) => (s || "").replace(/\s+/g, " ").trim();
const visible = (el) => {
	if (!el || !el.isConnected) return false;
	const st = getComputedStyle(el);
	if (st.display === "none" || st.visibility === "hidden" || st.visibility === "collapse") return false;
	return Array.from(el.getClientRects()).some((r) => r.width > 0 && r.height > 0);
};
const labelText = (l) => {
	const c = l.cloneNode(true);
	c.querySelectorAll("input, select, textarea, button").forEach((e) => e.remove());
	return norm(c.textContent);
};
const list = (xs) => xs.length ? xs.map((x) => JSON.stringify(x)).join(", ") : "none";
`

// findControlJS finds the control of a label. With a token, it marks the
// control with the attribute data-apptest-control and reports how to fill it.
// With want "value", it reports the value of the control.
const findControlJS = `(label, token, want, nth) => {` + pageHelpersJS + `
	const labels = Array.from(document.querySelectorAll("label"));
	const matches = labels.filter((l) => labelText(l) === label);
	if (matches.length === 0) {
		return {error: "no <label> with the text " + JSON.stringify(label) + "; the labels are: " + list(labels.map(labelText))};
	}
	const controls = [];
	for (const l of matches) {
		const el = l.control || (l.htmlFor ? document.getElementById(l.htmlFor) : null);
		if (el) controls.push(el);
	}
	if (controls.length === 0) {
		return {error: "the <label> " + JSON.stringify(label) + " has no control (its for attribute is " + JSON.stringify(matches[0].htmlFor) + ")"};
	}
	const el = nth >= 0 ? controls.filter(visible)[nth] : (controls.find(visible) || controls[0]);
	if (!el) return {error: "there are only " + controls.filter(visible).length + " visible controls labelled " + JSON.stringify(label)};
	if (want === "value") return {value: String(el.value ?? "")};
	const tag = el.tagName.toLowerCase();
	const type = (el.type || "").toLowerCase();
	if (el.disabled) return {error: "the " + tag + " is disabled"};
	if (el.readOnly) return {error: "the " + tag + " is read-only"};
	let kind;
	if (tag === "select") kind = "select";
	else if (tag === "textarea") kind = "typed";
	else if (tag === "input") {
		if (["", "text", "search", "email", "password", "tel", "url", "number"].includes(type)) kind = "typed";
		else if (type === "file") kind = "file";
		else if (["checkbox", "radio", "submit", "button", "reset", "image", "hidden"].includes(type)) kind = "input type=" + type;
		else kind = "set";
	} else kind = "<" + tag + ">";
	if (kind === "typed" && !visible(el)) return {error: "the " + tag + " is not visible, so it cannot be typed in"};
	el.setAttribute("data-apptest-control", token);
	return {kind};
}`

// fire dispatches input and change events on an element.
const fireJS = `
const fire = (el) => {
	el.dispatchEvent(new Event("input", {bubbles: true}));
	el.dispatchEvent(new Event("change", {bubbles: true}));
};
`

// selectOptionJS chooses the option whose text or value is value.
const selectOptionJS = `(token, value) => {` + pageHelpersJS + fireJS + `
	const el = document.querySelector('[data-apptest-control="' + token + '"]');
	const opts = Array.from(el.options);
	const opt = opts.find((o) => norm(o.text) === value) || opts.find((o) => o.value === value);
	if (!opt) return "no option with the text or value " + JSON.stringify(value) + "; the options are: " + list(opts.map((o) => norm(o.text) + "=" + o.value));
	if (opt.disabled) return "the option " + JSON.stringify(value) + " is disabled";
	if (!opt.selected) {
		opt.selected = true;
		fire(el);
	}
	return "";
}`

// clearControlJS empties a text control. When it stays empty, it fires input
// and change events, because no typing follows.
const clearControlJS = `(token, last) => {` + fireJS + `
	const el = document.querySelector('[data-apptest-control="' + token + '"]');
	if (el.value === "") return;
	el.value = "";
	if (last) fire(el);
	else el.dispatchEvent(new Event("input", {bubbles: true}));
}`

// blurControlJS takes the focus from a control.
const blurControlJS = `(token) => {
	const el = document.querySelector('[data-apptest-control="' + token + '"]');
	if (el && document.activeElement === el) el.blur();
}`

// setControlJS sets the value of an input that takes no typing.
const setControlJS = `(token, value) => {` + fireJS + `
	const el = document.querySelector('[data-apptest-control="' + token + '"]');
	el.value = value;
	if (el.value !== value) throw new Error("the input of type " + el.type + " does not accept the value " + JSON.stringify(value));
	fire(el);
}`

// unmarkJS removes a marker attribute.
const unmarkJS = `(attr) => {
	document.querySelectorAll("[" + attr + "]").forEach((e) => e.removeAttribute(attr));
}`

// findClickableJS marks the n-th visible clickable element with the text, and
// marks the document so that settle can tell it from the next one. It returns
// an error message, or "".
const findClickableJS = `(text, n, token) => {` + pageHelpersJS + `
	const all = Array.from(document.querySelectorAll("button, input[type=submit], input[type=button], a"));
	const textOf = (el) => el.tagName === "INPUT" ? norm(el.value || (el.type === "submit" ? "Submit" : "")) : norm(el.innerText);
	const shown = all.filter(visible);
	const matches = shown.filter((el) => textOf(el) === text);
	if (matches.length <= n) {
		return "found " + matches.length + " visible button(s) or link(s) with the text " + JSON.stringify(text) +
			", need index " + n + "; the visible ones are: " + list(shown.map(textOf).filter((s) => s !== "").slice(0, 50));
	}
	const el = matches[n];
	if (el.disabled) return "the " + el.tagName.toLowerCase() + " " + JSON.stringify(text) + " is disabled";
	document.querySelectorAll("[data-apptest-click]").forEach((e) => e.removeAttribute("data-apptest-click"));
	el.setAttribute("data-apptest-click", token);
	window.__apptestDoc = token;
	window.__apptestLeaving = false;
	if (!window.__apptestHooked) {
		window.__apptestHooked = true;
		window.addEventListener("beforeunload", () => { window.__apptestLeaving = true; });
	}
	return "";
}`

// stateJS reports the state of the document after a click, and removes the
// click marker.
const stateJS = `async (token) => {
	await new Promise((r) => setTimeout(r, 0));
	document.querySelectorAll("[data-apptest-click]").forEach((e) => e.removeAttribute("data-apptest-click"));
	return {same: window.__apptestDoc === token, leaving: window.__apptestLeaving === true, ready: document.readyState};
}`
