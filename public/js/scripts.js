// VM Portal page behaviour. Loaded with `defer` from the layout; no inline
// scripts anywhere, so the Content-Security-Policy can forbid them. Every
// form works without it: the server validates and re-renders.
(function () {
  "use strict";

  // --- Confirmation before forms marked data-confirm -----------------
  // The question shows in the Bootstrap modal of the layout; "Confirm"
  // submits the form for real. Without JavaScript the form just submits.

  var pendingForm = null;

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (!question || form.getAttribute("data-confirmed") === "1") {
      return;
    }
    var modalEl = document.getElementById("confirm-modal");
    if (!modalEl || !window.bootstrap) {
      if (!window.confirm(question)) {
        event.preventDefault();
      }
      return;
    }
    event.preventDefault();
    pendingForm = form;
    modalEl.querySelector("[data-confirm-text]").textContent = question;
    var ok = modalEl.querySelector("[data-confirm-ok]");
    ok.textContent = form.getAttribute("data-confirm-button") || "Confirm";
    ok.className = "btn " + (form.getAttribute("data-confirm-class") || "btn-primary");
    window.bootstrap.Modal.getOrCreateInstance(modalEl).show();
  });

  document.addEventListener("click", function (event) {
    if (!event.target.matches("[data-confirm-ok]") || !pendingForm) {
      return;
    }
    var form = pendingForm;
    pendingForm = null;
    form.setAttribute("data-confirmed", "1");
    form.submit();
  });

  // --- VLAN rows on the request form ---------------------------------

  // renumber gives every row ids, labels and button names that follow its
  // position, and disables "Add VLAN" at the maximum.
  function renumber(list) {
    var rows = list.querySelectorAll("[data-vlan-row]");
    rows.forEach(function (row, i) {
      var id = row.querySelector('input[name="vlan_id"]');
      var name = row.querySelector('input[name="vlan_name"]');
      var labels = row.querySelectorAll("label");
      id.id = "vlan-id-" + i;
      name.id = "vlan-name-" + i;
      labels[0].htmlFor = id.id;
      labels[1].htmlFor = name.id;
      row.querySelector("[data-vlan-remove]").setAttribute("aria-label", message(list, "remove", i + 1));
    });
    var add = list.parentNode.querySelector("[data-vlan-add]");
    var max = parseInt(list.getAttribute("data-max"), 10) || 64;
    if (add) {
      add.disabled = rows.length >= max;
    }
    return rows;
  }

  // message is the page's text for what (data-msg-<what> on the list,
  // in the page's language) with {n} filled in.
  function message(list, what, n) {
    return (list.getAttribute("data-msg-" + what) || "").replace("{n}", n);
  }

  function announce(list, text) {
    var live = list.parentNode.querySelector("[data-vlan-status]");
    if (live) {
      live.textContent = text;
    }
  }

  function addRow(list) {
    var template = document.getElementById("vlan-row-template");
    var row = template.content.firstElementChild.cloneNode(true);
    row.querySelectorAll("input").forEach(function (input) {
      input.value = "";
      input.classList.remove("is-invalid");
    });
    row.querySelectorAll(".invalid-feedback").forEach(function (el) { el.remove(); });
    list.appendChild(row);
    var rows = renumber(list);
    row.querySelector('input[name="vlan_id"]').focus();
    announce(list, message(list, "added", rows.length));
  }

  function removeRow(list, row) {
    var rows = Array.prototype.slice.call(list.querySelectorAll("[data-vlan-row]"));
    var index = rows.indexOf(row);
    row.remove();
    rows = renumber(list);
    // Keep the keyboard focus nearby: the row that took its place, else
    // the previous one, else "Add VLAN".
    var next = rows[index] || rows[index - 1];
    var target = next ? next.querySelector('input[name="vlan_id"]') : list.parentNode.querySelector("[data-vlan-add]");
    if (target) {
      target.focus();
    }
    announce(list, message(list, "removed", index + 1));
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("button");
    if (!button) {
      return;
    }
    var fieldset = button.closest("fieldset");
    var list = fieldset && fieldset.querySelector("[data-vlan-list]");
    if (!list) {
      return;
    }
    if (button.hasAttribute("data-vlan-add")) {
      addRow(list);
    } else if (button.hasAttribute("data-vlan-remove")) {
      removeRow(list, button.closest("[data-vlan-row]"));
    }
  });

  // --- A field that applies only when a yes/no field is Yes ------------
  // (Backup Frequency and Backup Required): data-enables names its id.

  function syncEnabled(select) {
    var target = document.getElementById(select.getAttribute("data-enables"));
    if (!target) {
      return;
    }
    var on = select.value === "Yes";
    target.disabled = !on;
    target.required = on;
    if (!on) {
      target.value = "";
    }
  }

  document.addEventListener("change", function (event) {
    if (event.target.matches("[data-enables]")) {
      syncEnabled(event.target);
    }
  });

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-vlan-list]").forEach(renumber);
    document.querySelectorAll("[data-enables]").forEach(syncEnabled);
    // After a refused submit, bring the error summary into view and focus.
    var summary = document.getElementById("form-errors");
    if (summary) {
      summary.focus();
    }
  });
})();
