"""`mtqa serve`: the checks over HTTP, where editors write.

- settings: what the command line decided, handed to every worker process
- worker:   one worker's engine (packs and models loaded once), a request's options, the
            per-request time limit
- requests: request bodies and parameters -> what to check (native JSON, LanguageTool form)
- app:      the routes, limits, authentication, CORS and access log (Starlette)
- logs:     structured JSON log lines that never carry the submitted text

The work itself is `Engine.analyse` and the renderers, exactly as `mtqa check` runs them.
"""
