// Where Leaflet's default marker images are: with hashed static file names (production), it
// cannot guess them from its stylesheet. The URLs come from this script tag's data attributes.
(function () {
    "use strict";
    var script = document.currentScript;
    if (!window.L || !script) {
        return;
    }
    L.Icon.Default.imagePath = "";
    L.Icon.Default.mergeOptions({
        iconUrl: script.dataset.icon,
        iconRetinaUrl: script.dataset.iconRetina,
        shadowUrl: script.dataset.shadow,
    });
})();
