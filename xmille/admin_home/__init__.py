"""The admin made for contributors (issue 13): a home per role, the explorer and the venue
chooser opening where the person works, the editor without traps (fields for reviewers only
hidden, free ASCII slugs, alt text and credit asked next to the image, the check's reasons
linked to the field to fix), and the workflow buttons in the contributor's words."""
