-- Hand-written equivalent of bench/cases/stats.graphql:
--   { eventStats(groupBy: [ORGANIZER_COUNTRY, DECADE], first: 20)
--       { nodes { key { organizerCountry { name } decade } count } } }
-- Returns one json value equal to the GraphQL response's `data`.
-- Semantics reproduced (src/domain/stats.rs, src/graphql/types/stats.rs):
-- * Every event counts (no filter). Its organizers are its participation rows with role
--   organizer or co_organizer AND organization_id set (a person organizer does not count);
--   ORGANIZER_COUNTRY is each such organization's country_id.
-- * An event lands once in the group of each DISTINCT organizer country it has. It lands
--   in the NULL-country group when it has no organizing organization at all OR when one of
--   its organizing organizations has no country (so an event can be counted both under a
--   country and under null).
-- * DECADE = (date_year_from / 10) * 10 with integer division (truncates toward zero);
--   null when the year is unknown.
-- * count = number of distinct events in the group.
-- * Order: count DESC, then organizer country id ASC, then decade ASC, nulls last in each
--   key (country is ordered by place id, not by name); first 20 groups.
-- * organizerCountry is the place {name} loaded by id; null for the null group.
SELECT json_build_object('eventStats', json_build_object('nodes', coalesce((
  SELECT json_agg(
           json_build_object(
             'key', json_build_object(
                      'organizerCountry', (SELECT json_build_object('name', pl.name)
                                             FROM place pl WHERE pl.id = g.country_id),
                      'decade', g.decade),
             'count', g.n)
           ORDER BY g.n DESC, g.country_id NULLS LAST, g.decade NULLS LAST)
    FROM (SELECT d.country_id, d.decade, count(*) AS n
            FROM (SELECT DISTINCT e.id, o.country_id, (e.date_year_from / 10) * 10 AS decade
                    FROM event e
                    LEFT JOIN participation p
                           ON p.event_id = e.id
                          AND p.role IN ('organizer', 'co_organizer')
                          AND p.organization_id IS NOT NULL
                    LEFT JOIN organization o ON o.id = p.organization_id) d
           GROUP BY d.country_id, d.decade
           ORDER BY n DESC, d.country_id NULLS LAST, d.decade NULLS LAST
           LIMIT 20) g), '[]'::json)));
