// Follow a report file being generated: poll its status until it is done or failed.
(() => {
  const box = document.getElementById("version");
  if (!box) return;
  const bar = box.querySelector(".progress-bar");
  const state = box.querySelector("[data-state]");
  const download = box.querySelector("[data-download]");
  const show = (progress) => { bar.style.width = `${progress}%`; };
  show(bar.dataset.progress);
  const poll = async () => {
    const response = await fetch(box.dataset.statusUrl, { headers: { Accept: "application/json" } });
    if (!response.ok) return;
    const data = await response.json();
    show(data.progress);
    state.textContent = data.label;
    state.dataset.state = data.state;
    if (data.state === "done") { download.classList.remove("d-none"); return; }
    if (data.state === "failed") { window.location.reload(); return; }
    setTimeout(poll, 1000);
  };
  if (!["done", "failed"].includes(state.dataset.state)) setTimeout(poll, 500);
})();
