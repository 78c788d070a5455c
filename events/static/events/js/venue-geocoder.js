// The venue editor's "place this address on the map" button: asks our admin's geocoding proxy
// (never Nominatim directly, never at each keystroke), then moves wagtailgeowidget's marker
// through its "searchGeocoded" event. On failure the message says why; the point stays.
(function () {
    "use strict";

    function setup(box) {
        if (box.dataset.ready) {
            return;
        }
        box.dataset.ready = "1";
        var input = box.querySelector("input[data-geocoder-url]");
        var button = box.querySelector("[data-geocoder-button]");
        var status = box.querySelector("[data-geocoder-status]");

        function show(message, isError) {
            status.textContent = message;
            status.classList.toggle("help-critical", !!isError);
            status.classList.toggle("help-warning", !!isError);
            status.setAttribute("role", isError ? "alert" : "status");
        }

        function composed() {
            var parts = ["street", "postal_code", "city"].map(function (name) {
                var field = document.getElementById("id_" + name);
                return field ? field.value.trim() : "";
            });
            return [parts[0], (parts[1] + " " + parts[2]).trim()].filter(Boolean).join(", ");
        }

        function search() {
            var query = input.value.trim() || composed();
            input.value = query;
            if (!query) {
                show(input.dataset.msgEmpty, true);
                return;
            }
            button.disabled = true;
            show(input.dataset.msgSearching, false);
            var url = input.dataset.geocoderUrl + "?" + new URLSearchParams({ q: query });
            fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
                .then(function (response) {
                    return response.json().then(
                        function (data) {
                            return { ok: response.ok, data: data };
                        },
                        function () {
                            return { ok: false, data: {} };
                        }
                    );
                })
                .then(function (result) {
                    if (!result.ok || typeof result.data.lat !== "number") {
                        show(result.data.error || input.dataset.msgFailed, true);
                        return;
                    }
                    window.jQuery(input).trigger("searchGeocoded", [
                        { lat: result.data.lat, lng: result.data.lng },
                    ]);
                    show(
                        input.dataset.msgFound + " (" + result.data.label + ") " + (result.data.attribution || ""),
                        false
                    );
                })
                .catch(function () {
                    show(input.dataset.msgOffline, true);
                })
                .finally(function () {
                    button.disabled = false;
                });
        }

        button.addEventListener("click", search);
        input.addEventListener("keydown", function (event) {
            if (event.key === "Enter") {
                event.preventDefault();
                search();
            }
        });
    }

    function setupAll() {
        document.querySelectorAll("[data-xmille-geocoder]").forEach(setup);
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", setupAll);
    } else {
        setupAll();
    }
})();
