"""The agenda's open doors (see `xmille.doors` for what every public form shares):

- `joining`: an organization asks to join; the region's moderators approve (account, draft
  organizer page, its group and permissions, in one transaction) or refuse with a reason.
- `proposals`: an event proposed without an account, stored as a plain record; the region's
  moderators accept it (one draft EventPage under the region's "Propositions" organizer,
  submitted to the "Agenda" workflow) or refuse it with a reason.
- `directory`: the network's public directory of actors and the services they offer.
- `forms`, `views`: the public forms and pages; `admin`: the moderators' queues.
"""
