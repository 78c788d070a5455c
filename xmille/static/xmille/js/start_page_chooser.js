/* Wagtail's page chooser opens at the parent of the chosen page, or, when nothing is chosen,
   at the common ancestor of every page of the type (Root, for the network's venues). A chooser
   given `startParentId` (xmille.admin_home.widgets.StartAtPageChooser: the event's region)
   opens there while nothing is chosen. */
(function () {
  function patch() {
    var chooser = window.PageChooser;
    if (!chooser || chooser.prototype.xmilleStartPatched) return !!chooser;
    var original = chooser.prototype.getModalOptions;
    chooser.prototype.getModalOptions = function () {
      var options = original.call(this);
      if (!options.parentId && this.opts && this.opts.startParentId) {
        options.parentId = this.opts.startParentId;
      }
      return options;
    };
    chooser.prototype.xmilleStartPatched = true;
    return true;
  }
  if (!patch()) document.addEventListener("DOMContentLoaded", patch);
})();
