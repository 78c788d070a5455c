/* The header's search suggestions: an ARIA 1.2 combobox over the plain search form.
 *
 * Without JavaScript (or fetch) the form stays a plain GET form to the search page. With it,
 * typing asks /search/suggestions/?q=… (JSON, same origin: no third-party request) after a
 * short pause and lists up to eight pages, then "all results". Up/Down move through them
 * (aria-activedescendant: focus stays in the field), Enter opens the one chosen or searches,
 * Escape closes the list, a click opens a suggestion. The count is announced in a live region.
 * The page's labels come from the form's data-label-* attributes (translated by Django).
 */
(function () {
    "use strict";

    var DELAY_MS = 200;
    var MIN_LENGTH = 2;

    function setUp(form) {
        var input = form.querySelector("input[name=q]");
        if (!input || !window.fetch) {
            return;
        }
        var listId = input.id + "-suggestions";
        var list = document.createElement("ul");
        list.id = listId;
        list.className = "site-search__suggestions";
        list.setAttribute("role", "listbox");
        list.setAttribute("aria-label", form.dataset.labelList || "");
        list.hidden = true;
        var status = document.createElement("p");
        status.className = "visually-hidden";
        status.setAttribute("role", "status");
        form.classList.add("site-search--suggest");
        input.insertAdjacentElement("afterend", list);
        form.appendChild(status);

        input.setAttribute("role", "combobox");
        input.setAttribute("aria-autocomplete", "list");
        input.setAttribute("aria-expanded", "false");
        input.setAttribute("aria-controls", listId);
        input.setAttribute("autocomplete", "off");

        var options = [];
        var active = -1;
        var timer = null;
        var controller = null;
        var asked = "";

        function label(name, values) {
            var text = form.dataset[name] || "";
            Object.keys(values || {}).forEach(function (key) {
                text = text.split("%(" + key + ")s").join(values[key]);
            });
            return text;
        }

        function close() {
            list.hidden = true;
            input.setAttribute("aria-expanded", "false");
            input.removeAttribute("aria-activedescendant");
            active = -1;
        }

        function highlight(index) {
            options.forEach(function (option, i) {
                option.setAttribute("aria-selected", i === index ? "true" : "false");
            });
            active = index;
            if (index >= 0) {
                input.setAttribute("aria-activedescendant", options[index].id);
                options[index].scrollIntoView({ block: "nearest" });
            } else {
                input.removeAttribute("aria-activedescendant");
            }
        }

        function choose(option) {
            if (option.dataset.url) {
                window.location.assign(option.dataset.url);
            } else {
                close();
                form.submit();
            }
        }

        function addOption(text, kind, url) {
            var option = document.createElement("li");
            option.id = listId + "-" + options.length;
            option.setAttribute("role", "option");
            option.setAttribute("aria-selected", "false");
            option.className = "site-search__suggestion";
            var title = document.createElement("span");
            title.className = "site-search__suggestion-title";
            title.textContent = text;
            option.appendChild(title);
            if (kind) {
                var type = document.createElement("span");
                type.className = "site-search__suggestion-kind";
                type.textContent = kind;
                option.appendChild(type);
            }
            if (url) {
                option.dataset.url = url;
            } else {
                option.classList.add("site-search__suggestion--all");
            }
            option.addEventListener("mousedown", function (event) {
                event.preventDefault(); // keep the focus in the field
            });
            option.addEventListener("click", function () {
                choose(option);
            });
            list.appendChild(option);
            options.push(option);
        }

        function show(data) {
            list.textContent = "";
            options = [];
            data.results.forEach(function (result) {
                addOption(result.title, result.kind, result.url);
            });
            addOption(label("labelAll", { query: data.query }), "", "");
            highlight(-1);
            list.hidden = false;
            input.setAttribute("aria-expanded", "true");
            status.textContent = data.results.length
                ? label("labelCount", { count: data.results.length })
                : label("labelNone");
        }

        function ask() {
            var query = input.value.trim();
            if (query.length < MIN_LENGTH) {
                asked = "";
                close();
                return;
            }
            if (query === asked) {
                return;
            }
            asked = query;
            if (controller) {
                controller.abort();
            }
            controller = window.AbortController ? new AbortController() : null;
            fetch(form.dataset.suggestUrl + "?q=" + encodeURIComponent(query), {
                headers: { Accept: "application/json" },
                credentials: "same-origin",
                signal: controller ? controller.signal : undefined,
            })
                .then(function (response) {
                    return response.ok ? response.json() : null;
                })
                .then(function (data) {
                    if (data && input.value.trim() === query && document.activeElement === input) {
                        show(data);
                    }
                })
                .catch(function () {
                    /* aborted or offline: the form still works */
                });
        }

        input.addEventListener("input", function () {
            window.clearTimeout(timer);
            timer = window.setTimeout(ask, DELAY_MS);
        });
        input.addEventListener("keydown", function (event) {
            var open = !list.hidden && options.length;
            if (event.key === "ArrowDown") {
                if (!open) {
                    asked = "";
                    ask();
                    return;
                }
                event.preventDefault();
                highlight((active + 1) % options.length);
            } else if (event.key === "ArrowUp" && open) {
                event.preventDefault();
                highlight(active <= 0 ? options.length - 1 : active - 1);
            } else if (event.key === "Enter" && open && active >= 0) {
                event.preventDefault();
                choose(options[active]);
            } else if (event.key === "Escape" && !list.hidden) {
                event.preventDefault();
                close();
            }
        });
        input.addEventListener("blur", close);
    }

    document.querySelectorAll("form[data-suggest-url]").forEach(setUp);
})();
