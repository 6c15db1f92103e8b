// Pickers for long lists (emulation_portal/autocomplete.py): a WAI-ARIA combobox with a listbox
// of suggestions fetched from the field's scope. The choice is written as its label
// ("Sở Xây dựng [DT-SXD]") into the field's own input, the value the server resolves, so the
// page works the same without this script. A textarea field (several entries) keeps one a
// line: a search box above it appends each choice.
(function () {
  var counter = 0;

  function setup(field) {
    var multiple = field.tagName === "TEXTAREA";
    var input = field;
    if (multiple) {
      input = document.createElement("input");
      input.type = "text";
      input.className = "form-control form-control-sm mb-1";
      input.setAttribute("autocomplete", "off");
      var label = field.labels[0] ? field.labels[0].textContent : "";
      input.setAttribute("aria-label", label.replace(/\*/g, "").trim());
      if (field.getAttribute("aria-describedby")) {
        input.setAttribute("aria-describedby", field.getAttribute("aria-describedby"));
      }
      input.placeholder = field.dataset.placeholder || "…";
      field.parentNode.insertBefore(input, field);
    }
    var id = "autocomplete-" + ++counter;
    var box = document.createElement("div");
    box.className = "autocomplete";
    input.parentNode.insertBefore(box, input);
    box.appendChild(input);
    var list = document.createElement("ul");
    list.id = id + "-list";
    list.className = "autocomplete-list list-group";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    box.appendChild(list);
    var status = document.createElement("div");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    box.appendChild(status);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);

    var active = -1;
    var timer = null;
    var request = 0;

    function options() {
      return list.querySelectorAll("[role=option]");
    }
    function close() {
      list.hidden = true;
      active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }
    function highlight(index) {
      var items = options();
      if (!items.length) return;
      active = (index + items.length) % items.length;
      items.forEach(function (item, i) {
        item.setAttribute("aria-selected", i === active ? "true" : "false");
        item.classList.toggle("active", i === active);
      });
      input.setAttribute("aria-activedescendant", items[active].id);
      items[active].scrollIntoView({ block: "nearest" });
    }
    function choose(item) {
      var value = item.dataset.value;
      if (multiple) {
        var lines = field.value.split("\n").filter(function (line) {
          return line.trim();
        });
        if (lines.indexOf(value) < 0) lines.push(value);
        field.value = lines.join("\n");
        input.value = "";
      } else {
        input.value = value;
      }
      close();
      input.focus();
    }
    function show(data) {
      list.textContent = "";
      data.results.forEach(function (result, i) {
        var item = document.createElement("li");
        item.id = id + "-" + i;
        item.className = "list-group-item list-group-item-action";
        item.setAttribute("role", "option");
        item.setAttribute("aria-selected", "false");
        item.dataset.value = result.value;
        item.textContent = result.text;
        if (result.detail) {
          var detail = document.createElement("small");
          detail.className = "text-muted d-block";
          detail.textContent = result.detail;
          item.appendChild(detail);
        }
        list.appendChild(item);
      });
      var count = data.results.length;
      status.textContent = count
        ? count + (data.more ? "+" : "") + " " + (field.dataset.found || "")
        : field.dataset.none || "";
      list.hidden = !count;
      input.setAttribute("aria-expanded", count ? "true" : "false");
      active = -1;
    }
    function fetchNow() {
      var mine = ++request;
      var url = field.dataset.autocomplete;
      var query = multiple ? input.value : input.value.replace(/\s*\[[^\]]*\]$/, "");
      url += (url.indexOf("?") < 0 ? "?" : "&") + "q=" + encodeURIComponent(query);
      fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (response) {
          return response.ok ? response.json() : { results: [], more: false };
        })
        .then(function (data) {
          if (mine === request) show(data);
        })
        .catch(close);
    }
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(fetchNow, 200);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        if (list.hidden) return fetchNow();
        highlight(active + (event.key === "ArrowDown" ? 1 : -1));
      } else if (event.key === "Enter" && !list.hidden && active >= 0) {
        event.preventDefault();
        choose(options()[active]);
      } else if (event.key === "Escape") {
        close();
      }
    });
    // mousedown, not click: the input's blur would close the list before the click lands.
    list.addEventListener("mousedown", function (event) {
      var item = event.target.closest("[role=option]");
      if (item) {
        event.preventDefault();
        choose(item);
      }
    });
    input.addEventListener("blur", close);
  }

  document.querySelectorAll("[data-autocomplete]").forEach(setup);
})();
