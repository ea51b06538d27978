"""Consultations between agencies (một cửa liên thông, regulations.md §1.2 step 5).

While a dossier is being processed (in progress), its specialist or head of unit asks another
agency for an opinion: a sub-task with its own time budget in working days, a question and,
optionally, some of the dossier's files. The consulted agency's processing staff (specialist,
head of unit, leader there) see it in their queue and answer once (text, optionally a file);
the answer is kept with the dossier.

- `models`: `Consultation`, registered with the `dossiers` app (like `slips.models`);
- `services`: `consultation_ask`, `consultation_answer`, `consultation_cancel`;
- `selectors`: who sees which consultation, the queues, the files shared;
- `pages`, `forms`, `urls`: the pages under /ban-lam-viec/lien-thong/;
- `api`, `api_urls`: /api/v1/consultations/ and /api/v1/dossiers/<id>/consultations/.

The dossier's own clock keeps running while a consultation is open: regulations.md §1.2
step 5 describes each participating agency's time as a share of the dossier's legal time
("per-agency time allocations that add up to the total legal time"), not as a pause; only a
supplement request and a pending payment pause it (§1.2 step 4). So a consultation's due time
must fall no later than the dossier's due time.

A consultation is its own audit trail (who asked, answered or cancelled, and when): it writes
no `DossierEvent`, whose actions are the transitions of `dossiers.states` and which the
control slip, the applicant's timeline and the statistics read.
"""
