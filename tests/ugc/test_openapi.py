"""The UGC API's OpenAPI through nginx documents the brief's paths and the decisions behind them."""

import httpx

from tests.ugc.helpers import ok


def test_the_briefs_paths_have_post_and_get_and_the_friend_model_is_described(gateway: httpx.Client) -> None:
    schema = ok(gateway.get("/ugc/openapi.json"))
    paths = schema["paths"]
    for path in (
        "/ugc/v1/review_info/{movie_id}/{user_id}/{review_id}",
        "/ugc/v1/subscribers/{movie_id}",
        "/ugc/v1/likes_count/{review_id}",
    ):
        assert {"post", "get"} <= set(paths[path]), path
    assert "get" in paths["/ugc/v1/friends/{user_id}"]
    assert "mutual once both add" in schema["info"]["description"].lower()


def test_error_codes_are_documented_on_the_routes_that_answer_them(gateway: httpx.Client) -> None:
    paths = ok(gateway.get("/ugc/openapi.json"))["paths"]
    create = paths["/ugc/v1/movies/{movie_id}/reviews"]["post"]["responses"]
    assert "review_exists" in create["409"]["description"]
    assert "movie_not_found" in create["422"]["description"]
    assert (
        "own_review_vote"
        in paths["/ugc/v1/reviews/{review_id}/vote"]["put"]["responses"]["403"]["description"]
    )
    info = paths["/ugc/v1/review_info/{movie_id}/{user_id}/{review_id}"]["post"]["responses"]
    assert "review_not_found" in info["404"]["description"]
