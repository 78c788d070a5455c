"""A page chooser that opens where the person works when nothing is chosen yet (Wagtail's opens
at the closest common ancestor of every page of the type: Root, for venues of the network).
Its script (static xmille/js/start_page_chooser.js) teaches Wagtail's `PageChooser` the
`startParentId` option."""

from django import forms
from django.templatetags.static import static

from wagtail.admin.widgets import AdminPageChooser


class StartAtPageChooser(AdminPageChooser):
    def __init__(self, *args, start_page_id: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.start_page_id = start_page_id

    def get_js_init_options(self, id_, name, value_data):
        options = super().get_js_init_options(id_, name, value_data)
        if self.start_page_id is not None:
            options["startParentId"] = self.start_page_id
        return options

    @property
    def media(self):
        return super().media + forms.Media(js=[static("xmille/js/start_page_chooser.js")])
