// The dictionary routes in a process of their own, for tests that kill it:
//   dictionary_test_server DB TOKEN
// serves DB at / on 127.0.0.1 and a free port with 2 threads, and prints
// "http listening on 127.0.0.1:PORT" once it accepts connections.
#include <cstdio>
#include <memory>

#include <coronet/handlers/dictionary_routes.hpp>
#include <coronet/http/server.hpp>
#include <coronet/runtime.hpp>

int main(int argc, char** argv) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: %s DB TOKEN\n", argv[0]);
        return 2;
    }
    coronet::runtime rt({.threads = 2});
    coronet::http::router routes;
    coronet::handlers::mount_dictionary(routes, "", std::make_shared<coronet::handlers::dictionary_store>(argv[1]),
                                        {.write_token = argv[2]});
    coronet::http::server web(rt, {.address = "127.0.0.1", .port = 0, .access_log = false}, routes);
    std::printf("http listening on 127.0.0.1:%u\n", static_cast<unsigned>(web.port()));
    std::fflush(stdout);
    rt.run();
}
