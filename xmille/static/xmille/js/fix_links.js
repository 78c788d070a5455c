/* The check's reasons link to "#fix-<field name>": open the tab and the folded panel that
   hold the field, scroll to it and put the cursor in it. Works on a link inside the editor
   and when the editor is opened from the contributor's home with that address. */
(function () {
  function target(name) {
    return (
      document.getElementById("id_" + name) ||
      document.getElementById("id_" + name + "-FORMS") ||
      document.querySelector("[name='" + name + "']") ||
      document.getElementById("panel-child-content-" + name + "-section")
    );
  }
  function reveal(element) {
    var tab = element.closest("[role='tabpanel']");
    if (tab && tab.hidden) {
      var button = document.querySelector("[aria-controls='" + tab.id + "']");
      if (button) button.click();
    }
    element.closest("section, .w-panel") &&
      element.closest(".w-panel") &&
      element.closest(".w-panel").querySelectorAll("[aria-expanded='false']").forEach(function (b) {
        if (b.closest(".w-panel") === element.closest(".w-panel")) b.click();
      });
    var visible = element;
    while (visible && visible.offsetParent === null && visible.parentElement) {
      visible = visible.parentElement;
    }
    (visible || element).scrollIntoView({ block: "center" });
    if (typeof element.focus === "function") element.focus({ preventScroll: true });
    var wrapper = element.closest(".w-field__wrapper, .w-panel") || visible;
    if (wrapper) {
      wrapper.classList.add("xmille-fix-target");
      setTimeout(function () { wrapper.classList.remove("xmille-fix-target"); }, 3000);
    }
  }
  function go() {
    var match = /^#fix-(.+)$/.exec(window.location.hash);
    if (!match) return;
    var element = target(decodeURIComponent(match[1]));
    if (element) reveal(element);
  }
  window.addEventListener("hashchange", go);
  if (document.readyState === "complete") setTimeout(go, 0);
  else window.addEventListener("load", function () { setTimeout(go, 0); });
})();
document.addEventListener("click", function (event) {
  var link = event.target.closest && event.target.closest("a[href^='#fix-']");
  if (link && window.location.hash === link.getAttribute("href")) {
    window.dispatchEvent(new HashChangeEvent("hashchange"));
  }
});

/* Another image chosen next to "texte alternatif" and "crédit" (xmille.admin_home.forms): the
   texts typed for the previous image must not be saved onto the new one. */
(function () {
  function watch() {
    var input = document.getElementById("id_main_image");
    var alt = document.getElementById("id_main_image_alt");
    var credit = document.getElementById("id_main_image_credit");
    if (!input || !alt || !credit) return;
    var last = input.value;
    function changed() {
      if (input.value === last) return;
      last = input.value;
      alt.value = "";
      credit.value = "";
    }
    input.addEventListener("change", changed);
    new MutationObserver(changed).observe(input, { attributes: true, attributeFilter: ["value"] });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", watch);
  else watch();
})();
