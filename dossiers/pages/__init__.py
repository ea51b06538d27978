"""The applicant's pages (server-rendered, working without JavaScript): applying online
(`apply`) and "my dossiers" with answers, withdrawal and rating (`mine`). Thin views: a form
validates, one service of `dossiers.services` (or `ratings`, `reuse`) acts, a redirect follows."""
