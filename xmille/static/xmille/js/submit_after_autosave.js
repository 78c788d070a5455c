/* A click on "Envoyer à la modération" (or any action of the editor's footer) while Wagtail's
   autosave is still saving waits for that save to finish, then goes.

   Why: on a new page, the first autosave *creates* the page and only then points the form at
   the new page's editor. A click sent before that answer posted the form to the creation
   address again, and the volunteer got two copies of their event (one draft, one in
   moderation). On an existing page the click would race the autosave's revision instead.
   Waiting costs the person a fraction of a second; the action then applies to the page the
   autosave made. */
(function () {
  var SAVING = "xmilleAutosaving";
  var LONGEST_WAIT_MS = 15000; // a save that never answers does not hold the click forever

  function editorForm(element) {
    return element && element.closest && element.closest("form[data-controller~='w-autosave']");
  }

  function done(form) {
    delete form.dataset[SAVING];
    var waiting = form.xmilleWaitingSubmit;
    form.xmilleWaitingSubmit = null;
    if (!waiting) return;
    clearTimeout(waiting.timer);
    // The save may have redrawn the footer: send with the same action, found by its name.
    var submitter = null;
    if (waiting.name) {
      submitter = form.querySelector(
        "button[name='" + waiting.name + "'], input[type='submit'][name='" + waiting.name + "']"
      );
    }
    // The action sends the whole form: no autosave must follow it (it would race the action).
    form.setAttribute("data-w-autosave-active-value", "false");
    if (submitter && typeof form.requestSubmit === "function") {
      // Wagtail's spinner disabled the clicked button, and a disabled button's action is not
      // sent: "Envoyer à la modération" would arrive as a plain draft save.
      submitter.disabled = false;
      form.requestSubmit(submitter);
    } else if (typeof form.requestSubmit === "function") {
      form.requestSubmit();
    } else {
      form.submit();
    }
  }

  document.addEventListener("w-autosave:save", function (event) {
    var form = editorForm(event.target);
    if (!form) return;
    form.dataset[SAVING] = "1";
    // A save cancelled by another listener sends nothing and announces no end.
    setTimeout(function () {
      if (event.defaultPrevented) done(form);
    }, 0);
  });
  ["w-autosave:success", "w-autosave:error", "w-autosave:deactivated"].forEach(function (name) {
    document.addEventListener(name, function (event) {
      var form = editorForm(event.target);
      if (form) done(form);
    });
  });

  document.addEventListener(
    "submit",
    function (event) {
      var form = event.target;
      if (!editorForm(form) || !form.dataset[SAVING]) return;
      event.preventDefault();
      event.stopImmediatePropagation();
      var submitter = event.submitter;
      if (form.xmilleWaitingSubmit) return; // already waiting: one click is enough
      form.xmilleWaitingSubmit = {
        name: submitter && submitter.name,
        timer: setTimeout(function () {
          done(form);
        }, LONGEST_WAIT_MS),
      };
      if (submitter) submitter.setAttribute("aria-busy", "true");
    },
    true
  );
})();
