// The organisation form: a school year's start and end months matter only for a school year, so
// they show only then (hidden, they are still posted and kept).
(function () {
  var kind = document.getElementById("id_year_kind");
  if (!kind) return;
  var boxes = ["div_id_year_start_month", "div_id_year_end_month"]
    .map(function (id) { return document.getElementById(id); })
    .filter(Boolean);
  function show() {
    boxes.forEach(function (box) { box.hidden = kind.value !== "school"; });
  }
  kind.addEventListener("change", show);
  show();
})();
