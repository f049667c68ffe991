// The server side of bench/dictionary_words.sh: the dictionary routes at / over a store, and
// the "Hello, World!" route at /hello as the same server's baseline.
//   coronet-bench-dictionary --db FILE [--wordbook FILE] [--port N] [--threads N]
// The word book is imported when the store is empty, before the listening line is printed.
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>

#include <fmt/format.h>

#include <coronet/handlers/dictionary_routes.hpp>
#include <coronet/http/server.hpp>
#include <coronet/log.hpp>
#include <coronet/runtime.hpp>

using namespace coronet;

int main(int argc, char** argv) {
    std::string db, wordbook;
    std::uint16_t port = 0;
    unsigned threads = 1;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!std::strcmp(argv[i], "--db")) db = argv[i + 1];
        else if (!std::strcmp(argv[i], "--wordbook")) wordbook = argv[i + 1];
        else if (!std::strcmp(argv[i], "--port")) port = static_cast<std::uint16_t>(std::atoi(argv[i + 1]));
        else if (!std::strcmp(argv[i], "--threads")) threads = static_cast<unsigned>(std::atoi(argv[i + 1]));
    }
    if (db.empty()) {
        std::cerr << "usage: coronet-bench-dictionary --db FILE [--wordbook FILE] [--port N] [--threads N]\n";
        return 2;
    }
    auto store = std::make_shared<handlers::dictionary_store>(db);
    if (!wordbook.empty() && store->size() == 0) {
        std::ifstream book(wordbook);
        if (!book) {
            std::cerr << "cannot read " << wordbook << "\n";
            return 1;
        }
        auto result = store->import_wordbook(book);
        std::cerr << fmt::format("imported {} entries ({} lines skipped)\n", result.imported, result.skipped.size());
    }
    default_logger().set_level(log_level::warn);   // no access log: nginx runs with access_log off too
    runtime rt{{.threads = threads}};
    http::router routes;
    routes.get("/hello", [](http::request&) -> task<http::response> { co_return http::text("Hello, World!"); });
    handlers::mount_dictionary(routes, "/", store);
    http::server web{rt, {.port = port, .access_log = false}, routes};
    std::cout << fmt::format("http listening on 127.0.0.1:{}\n", web.port()) << std::flush;
    rt.run();
}
