-- Hand-written equivalent of bench/cases/nested.graphql:
--   { events(first: 50) { nodes { title
--       series { name organizers { nodes { name country { name } } } }
--       places { nodes { role place { name } } }
--       participants { nodes { role agent { ... on Organization { name country { name } }
--                                           ... on Person { name } } } } } } }
-- Returns one json value equal to the GraphQL response's `data`.
-- * Root and nested connections, with no orderBy, are ordered by primary key (creation
--   order); nested connections without `first` hold the first 20 rows (DEFAULT_PAGE_SIZE).
-- * series.organizers: the DISTINCT organizations having a participation in the series
--   (participation.series_id) with role organizer or co_organizer, by organization id.
--   (The synthetic generator writes no series participations, so these lists are empty
--   on generated-only data; the bundled dataset has some.)
-- * places: event_place rows of the event (any role), by event_place id; place is required.
-- * participants: every participation row of the event (all roles, organizers included),
--   by participation id.
-- * agent: the person when person_id is set (object {name}); otherwise the organization
--   ({name, country}), or null when neither is set. country is null when absent.
-- * Roles are GraphQL enum names: stored snake_case upper-cased ("co_organizer" -> "CO_ORGANIZER").
SELECT json_build_object('events', json_build_object('nodes', coalesce((
  SELECT json_agg(
           json_build_object(
             'title', e.title,
             'series', (
               SELECT json_build_object(
                        'name', s.name,
                        'organizers', json_build_object('nodes', coalesce((
                          SELECT json_agg(
                                   json_build_object(
                                     'name', o.name,
                                     'country', (SELECT json_build_object('name', c.name)
                                                   FROM place c WHERE c.id = o.country_id))
                                   ORDER BY o.id)
                            FROM (SELECT o.id, o.name, o.country_id
                                    FROM organization o
                                   WHERE o.id IN (SELECT p.organization_id
                                                    FROM participation p
                                                   WHERE p.series_id = s.id
                                                     AND p.role IN ('organizer', 'co_organizer'))
                                   ORDER BY o.id
                                   LIMIT 20) o), '[]'::json)))
                 FROM event_series s
                WHERE s.id = e.series_id),
             'places', json_build_object('nodes', coalesce((
               SELECT json_agg(
                        json_build_object(
                          'role', upper(ep.role),
                          'place', (SELECT json_build_object('name', pl.name)
                                      FROM place pl WHERE pl.id = ep.place_id))
                        ORDER BY ep.id)
                 FROM (SELECT ep.id, ep.role, ep.place_id
                         FROM event_place ep
                        WHERE ep.event_id = e.id
                        ORDER BY ep.id
                        LIMIT 20) ep), '[]'::json)),
             'participants', json_build_object('nodes', coalesce((
               SELECT json_agg(
                        json_build_object(
                          'role', upper(p.role),
                          'agent', CASE
                            WHEN p.person_id IS NOT NULL THEN
                              (SELECT json_build_object('name', pe.name)
                                 FROM person pe WHERE pe.id = p.person_id)
                            ELSE
                              (SELECT json_build_object(
                                        'name', o.name,
                                        'country', (SELECT json_build_object('name', c.name)
                                                      FROM place c WHERE c.id = o.country_id))
                                 FROM organization o WHERE o.id = p.organization_id)
                          END)
                        ORDER BY p.id)
                 FROM (SELECT p.id, p.role, p.person_id, p.organization_id
                         FROM participation p
                        WHERE p.event_id = e.id
                        ORDER BY p.id
                        LIMIT 20) p), '[]'::json)))
           ORDER BY e.id)
    FROM (SELECT e.id, e.title, e.series_id
            FROM event e
           ORDER BY e.id
           LIMIT 50) e), '[]'::json)));
