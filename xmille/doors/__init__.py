"""Open doors: what people outside the network may send without an account.

- `guard`: what every public form shares: a honeypot, a minimum fill time (a signed token),
  a per-address rate limit (atomic cache counters), HTML stripped from every text.
- `accounts`: the account an approval creates, its "choose your password" e-mail and page.
- `decisions`: a request stored once; who may decide on it (network admins, the region's
  moderators, the site's editors-in-chief); approving and refusing, each door passing its
  own model, rights, work and e-mails; the e-mail that tells the outcome.
- `contributors`: people who want to write, photograph or film for a site's magazine.

The organizations' requests, the event proposals and the directory are the agenda's
(`events.doors`): xmille imports no app.
"""
