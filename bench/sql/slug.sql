-- Hand-written equivalent of bench/cases/slug.graphql:
--   { event(slug: "syn1-event-777") { slug title kind date editionNumber series { slug name } } }
-- Returns one json value equal to the GraphQL response's `data`.
-- * `event` is null when no event has that slug (unique index on event.slug).
-- * `kind` is the GraphQL enum name: the stored snake_case value upper-cased
--   ("bilateral_year" -> "BILATERAL_YEAR").
-- * `date` is the stored EDTF string; `editionNumber` and `series` may be null.
SELECT json_build_object(
  'event',
  (SELECT json_build_object(
            'slug', e.slug,
            'title', e.title,
            'kind', upper(e.kind),
            'date', e.date,
            'editionNumber', e.edition_number,
            'series', (SELECT json_build_object('slug', s.slug, 'name', s.name)
                         FROM event_series s
                        WHERE s.id = e.series_id))
     FROM event e
    WHERE e.slug = 'syn1-event-777'));
