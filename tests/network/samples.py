"""The system of trio.organisation, for the URL walk of organisation routes that sit under a system
(/s/<system_slug>/network/organisations/<org_slug>/sharing/)."""


def sample_ids(trio) -> dict[str, str]:
    return {"system_slug": trio.organisation.system.slug}
