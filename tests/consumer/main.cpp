// The example from the README and the framework issue, as a service author writes it, plus a
// handler module (the dictionary over the bundled word book) found the same way.
#include <coronet/handlers/dictionary_routes.hpp>
#include <coronet/handlers/sample_word_book.hpp>
#include <coronet/http/server.hpp>
#include <coronet/udp/server.hpp>
#include <fmt/format.h>

#include <cstdlib>
#include <filesystem>
#include <sstream>

int main() {
    coronet::runtime rt{{.threads = 2}};
    coronet::http::router r;
    r.get("/hello/{name}", [](coronet::http::request& req) -> coronet::task<coronet::http::response> {
        co_return coronet::http::text(fmt::format("Hello, {}!", req.param("name")));
    });
    auto db = std::filesystem::path(std::getenv("CONSUMER_DB") ? std::getenv("CONSUMER_DB") : "consumer-words.db");
    auto words = std::make_shared<coronet::handlers::dictionary_store>(db);
    std::istringstream book{std::string(coronet::handlers::sample_word_book())};
    words->import_wordbook(book);
    coronet::handlers::mount_dictionary(r, "/dict", words);
    coronet::http::server web{rt, {.port = 0}, r};
    coronet::udp::server echo{rt, {.port = 0}, [](coronet::udp::datagram d) -> coronet::task<void> {
        co_await d.reply(d.payload());
    }};
    fmt::print("http listening on 127.0.0.1:{}\nudp listening on 127.0.0.1:{}\n", web.port(), echo.port());
    std::fflush(stdout);
    rt.run();   // until SIGINT/SIGTERM, then a graceful drain
}
