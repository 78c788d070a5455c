"""Page permission checks without a query per row for the pages contributors own.

Wagtail's explorer asks, for each listed page, whether the user may delete and move it; for
someone who may edit but not publish (organizers, writers), that is "is nothing published in
this subtree?", one query per page, twice per row. For a page without children the answer is
the page's own `live` flag, already loaded."""

from wagtail.models import PagePermissionTester


class LeafAwarePagePermissionTester(PagePermissionTester):
    def can_delete(self, ignore_bulk=False):
        if (
            self.page.numchild == 0
            and self.user.is_active
            and not self.user.is_superuser
            and not self.page_is_root
            and "change" in self.permissions
            and "publish" not in self.permissions
        ):
            # Wagtail's own rule for this case, with the subtree being the page alone.
            return not self.page.live
        return super().can_delete(ignore_bulk=ignore_bulk)


class LeafAwarePermissionsMixin:
    """For page types that are leaves of the tree (events, magazine pieces)."""

    def permissions_for_user(self, user):
        return LeafAwarePagePermissionTester(user, self)
