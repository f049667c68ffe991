#pragma once
// The dictionary over HTTP, mounted under any prefix:
//   auto store = std::make_shared<coronet::handlers::dictionary_store>("words.db");
//   coronet::handlers::mount_dictionary(router, "/dict", store, {.write_token = "secret"});
//
//   GET    /                           the search page (HTML; "/dict" redirects to "/dict/"): a
//                                      search box with live prefix suggestions as one types
//                                      (arrow keys and Enter pick one), the explanation, and on a
//                                      miss "did you mean" links. Its URLs are relative, so it
//                                      works under any prefix; without JavaScript its form sends
//                                      ?q=word, answered 303 to /words/{word}
//   GET    /words/{word}               200 the entry; 404 with up to `suggestions` near words
//   GET    /words?prefix=ab&limit=20&offset=0
//                                      200 the entries starting with the prefix, sorted, paged
//   PUT    /words/{word}               create (201, with Location) or replace (200) the
//                                      explanation: the body as it is (any content type, so
//                                      curl --data-binary works), or {"explanation": "..."}
//                                      as application/json
//   DELETE /words/{word}               204; 404 when there was no such word
// (Mounted at "/", the dictionary's page is the site's "/": the router refuses a second GET /.)
// HEAD and OPTIONS come with the router. Answers are JSON, or HTML pages when the client's
// Accept prefers text/html (a browser following links). PUT and DELETE exist only when
// `write_token` is set and need "Authorization: Bearer <token>" (401 without, 403 wrong).
// A write is answered once it is durable (the store's guarantee); 400 for a word or
// explanation that is not UTF-8, an empty explanation, or a bad limit or offset; 413 for an
// explanation over `max_explanation_bytes`; 507 when the store's disk is full (the write is
// not made, reads go on; logged at warn when writes start failing so, and at info when one
// succeeds again, not at every refusal).
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include <coronet/handlers/dictionary_store.hpp>
#include <coronet/http/router.hpp>

namespace coronet { class logger; }

namespace coronet::handlers {

struct dictionary_routes_options {
    std::string write_token{};                    // "" leaves PUT and DELETE out (405)
    std::size_t suggestions = 5;                  // near words offered on a miss
    std::size_t default_limit = 20;               // entries per page of a listing
    std::size_t max_limit = 1000;                 // a larger ?limit= is 400
    std::size_t max_explanation_bytes = 64 * 1024;
    logger* log = nullptr;                        // nullptr: default_logger()
};

void mount_dictionary(coronet::http::router& r, std::string_view prefix, std::shared_ptr<dictionary_store> store,
                      dictionary_routes_options options = {});

}  // namespace coronet::handlers
