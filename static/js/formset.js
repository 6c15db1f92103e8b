// Formset rows: add from the <template>, move up/down; ORDER fields follow the row order.
(function () {
  function renumber(box) {
    box.querySelectorAll("tbody tr").forEach(function (row, index) {
      var order = row.querySelector("input[name$='-ORDER']");
      var label = row.querySelector(".row-number");
      if (order) order.value = index + 1;
      if (label) label.textContent = index + 1;
    });
  }
  document.querySelectorAll("[data-formset]").forEach(function (box) {
    var prefix = box.dataset.formset;
    var total = box.querySelector("#id_" + prefix + "-TOTAL_FORMS");
    var body = box.querySelector("tbody");
    var template = box.querySelector("template");
    renumber(box);
    box.querySelector("[data-add]").addEventListener("click", function () {
      var index = parseInt(total.value, 10);
      body.insertAdjacentHTML("beforeend", template.innerHTML.replace(/__prefix__/g, index));
      total.value = index + 1;
      renumber(box);
      var fields = body.lastElementChild.querySelectorAll("textarea, select");
      if (fields.length) fields[0].focus();
    });
    body.addEventListener("click", function (event) {
      var button = event.target.closest("[data-move]");
      if (!button) return;
      var row = button.closest("tr");
      if (button.dataset.move === "up" && row.previousElementSibling) {
        row.parentNode.insertBefore(row, row.previousElementSibling);
      } else if (button.dataset.move === "down" && row.nextElementSibling) {
        row.parentNode.insertBefore(row.nextElementSibling, row);
      }
      renumber(box);
    });
  });
})();
