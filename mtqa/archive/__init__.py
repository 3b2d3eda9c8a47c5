"""Archive-scale audits on a Dask cluster: `mtqa audit --scheduler` (the README's "Archive
audits on a Dask cluster").

    plan       the archive cut into partitions (story files, JSONL collections, Parquet
               tables) and each partition's key, for resuming
    stories    a partition's stories, read on the worker
    work       run_part(): what a worker does with a partition (also a Dask preload)
    tables     the Parquet tables, partition files and markers
    aggregate  a partition's sums (on the worker) and the archive's (on the client);
               summary.csv and aggregates/
    dashboard  the aggregates as one static HTML page (matplotlib SVG charts)
    cluster    reaching Dask: local:N, a scheduler's address, a scheduler file
    run        run_archive(): all of it from the client

Built on mtqa.batch (the per-story check, summary rows, the cache key); no command-line
code here.
"""
