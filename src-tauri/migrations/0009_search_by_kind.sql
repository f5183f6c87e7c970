-- The index's row ids now come in one block per kind (search.rs, `Source::code`), so a list asks the index for
-- its own kind alone. The migration's step rebuilds the index to renumber the documents already there.
SELECT 1;
