// Maps of the public pages, drawn with Leaflet (our static files) from GeoJSON: the agenda's
// selection (fetched from data-geojson-url, markers clustered) or a few venues (inline JSON
// in a <script type="application/json">). Every map's content is also a list on the page, so
// nothing here is needed to read it. Also: the "Utiliser ma position" button of the agenda's
// filters (the browser's position is asked only on that click).
(function () {
    "use strict";
    var script = document.currentScript;
    var lang = document.documentElement.lang || "fr";
    var TZ = "Europe/Brussels";

    function el(tag, className, text) {
        var node = document.createElement(tag);
        if (className) node.className = className;
        if (text !== undefined && text !== null) node.textContent = text;
        return node;
    }

    function formatDate(iso, withTime) {
        var options = { weekday: "short", day: "numeric", month: "short", timeZone: TZ };
        if (withTime) {
            options.hour = "2-digit";
            options.minute = "2-digit";
        }
        return new Date(iso).toLocaleString(lang, options);
    }

    function popupContent(properties, labels, mapEl) {
        var box = el("div", "map-popup");
        var title = el("h3", "map-popup__title");
        if (properties.url) {
            var link = el("a", null, properties.name);
            link.href = properties.url;
            title.appendChild(link);
        } else {
            title.textContent = properties.name;
        }
        box.appendChild(title);
        if (properties.city) box.appendChild(el("p", "map-popup__city", properties.city));
        if (properties.access && properties.access.length) {
            box.appendChild(
                el("p", "map-popup__access", mapEl.dataset.labelAccess + " : " + properties.access.join(", "))
            );
        }
        var events = properties.events || [];
        if (events.length) {
            box.appendChild(el("p", "map-popup__heading", mapEl.dataset.labelEvents));
            var list = el("ul", "map-popup__events");
            events.forEach(function (event) {
                var item = el("li");
                var when = event.e
                    ? mapEl.dataset.labelUntil + " " + formatDate(event.e, false)
                    : formatDate(event.d, !event.a);
                item.appendChild(el("span", "map-popup__when", when + " "));
                var link = el("a", null, event.t);
                link.href = event.u;
                item.appendChild(link);
                if (event.s && labels[event.s]) {
                    item.appendChild(document.createTextNode(" "));
                    item.appendChild(el("strong", "badge badge--" + event.s, labels[event.s]));
                }
                if (event.km !== undefined) {
                    item.appendChild(el("span", "map-popup__km", " · " + event.km.toLocaleString(lang) + " " + mapEl.dataset.labelKm));
                }
                if (event.n) {
                    item.appendChild(el("span", "map-popup__more", " (+" + event.n + " " + mapEl.dataset.labelMore + ")"));
                }
                list.appendChild(item);
            });
            box.appendChild(list);
        }
        if (properties.directions) {
            var directions = el("a", "map-popup__directions", mapEl.dataset.labelDirections);
            directions.href = properties.directions;
            directions.rel = "noopener";
            box.appendChild(el("p")).appendChild(directions);
        }
        return box;
    }

    function status(mapEl, message) {
        var node = document.querySelector('[data-map-status="' + mapEl.id + '"]');
        if (node) node.textContent = message;
    }

    function draw(mapEl, collection) {
        var map = L.map(mapEl, { scrollWheelZoom: false });
        L.tileLayer(mapEl.dataset.tilesUrl, {
            attribution: mapEl.dataset.tilesAttribution,
            maxZoom: 19,
            referrerPolicy: mapEl.dataset.referrerPolicy,
        }).addTo(map);
        var clustered = mapEl.hasAttribute("data-cluster") && L.markerClusterGroup;
        var layer = clustered ? L.markerClusterGroup({ showCoverageOnHover: false }) : L.featureGroup();
        var labels = collection.labels || {};
        (collection.features || []).forEach(function (feature) {
            var c = feature.geometry.coordinates; // GeoJSON: longitude first
            var marker = L.marker([c[1], c[0]], {
                title: feature.properties.name,
                alt: feature.properties.name,
                keyboard: true,
            });
            marker.bindPopup(function () {
                return popupContent(feature.properties, labels, mapEl);
            });
            layer.addLayer(marker);
        });
        layer.addTo(map);
        var features = collection.features || [];
        if (features.length === 1) {
            var only = features[0].geometry.coordinates;
            map.setView([only[1], only[0]], parseInt(mapEl.dataset.zoom || "15", 10));
        } else if (features.length) {
            map.fitBounds(layer.getBounds(), { padding: [24, 24], maxZoom: 15 });
        } else {
            map.setView([50.4669, 4.8675], 8); // Wallonia
        }
        var notes = [];
        if (collection.unmapped) notes.push(collection.unmapped + " " + mapEl.dataset.labelUnmapped);
        if (collection.truncated) notes.push(mapEl.dataset.labelTruncated);
        status(mapEl, notes.join(" "));
        mapEl.xmilleMap = map;
    }

    function setupMap(mapEl) {
        mapEl.hidden = false;
        if (mapEl.dataset.geojsonId) {
            var data = document.getElementById(mapEl.dataset.geojsonId);
            draw(mapEl, JSON.parse(data.textContent));
            return;
        }
        status(mapEl, mapEl.dataset.labelLoading);
        fetch(mapEl.dataset.geojsonUrl, { headers: { Accept: "application/geo+json" } })
            .then(function (response) {
                if (!response.ok) throw new Error(response.status);
                return response.json();
            })
            .then(function (collection) {
                draw(mapEl, collection);
            })
            .catch(function () {
                mapEl.hidden = true;
                status(mapEl, mapEl.dataset.labelError);
            });
    }

    function setupLocate(box) {
        var form = box.closest("form");
        var button = box.querySelector("[data-locate]");
        var message = box.querySelector("[data-locate-status]");
        if (!navigator.geolocation || !form || !button) return;
        box.hidden = false;
        button.addEventListener("click", function () {
            message.textContent = button.dataset.asking || "";
            navigator.geolocation.getCurrentPosition(
                function (position) {
                    // About a hundred metres: enough to sort by distance, less precise to share.
                    var near = position.coords.latitude.toFixed(3) + "," + position.coords.longitude.toFixed(3);
                    form.elements.near.value = near;
                    if (form.elements.town) form.elements.town.value = "";
                    form.submit();
                },
                function () {
                    message.textContent = button.dataset.refused || "";
                },
                { timeout: 10000, maximumAge: 600000 }
            );
        });
    }

    function start() {
        document.querySelectorAll(".agenda-filters__locate").forEach(setupLocate);
        if (!window.L) return; // no map without Leaflet: the lists say it all
        if (script && script.dataset.icon) {
            L.Icon.Default.imagePath = "";
            L.Icon.Default.mergeOptions({
                iconUrl: script.dataset.icon,
                iconRetinaUrl: script.dataset.iconRetina,
                shadowUrl: script.dataset.shadow,
            });
        }
        document.querySelectorAll("[data-map]").forEach(setupMap);
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", start);
    } else {
        start();
    }
})();
