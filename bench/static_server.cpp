// The server side of bench/static_files.sh: a directory served by the static_files handler.
//   coronet-bench-static --root DIR [--port N] [--threads N]
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string>

#include <fmt/format.h>

#include <coronet/handlers/static_files.hpp>
#include <coronet/http/router.hpp>
#include <coronet/http/server.hpp>
#include <coronet/log.hpp>
#include <coronet/runtime.hpp>

using namespace coronet;

int main(int argc, char** argv) {
    std::string root;
    std::uint16_t port = 0;
    unsigned threads = 1;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!std::strcmp(argv[i], "--root")) root = argv[i + 1];
        else if (!std::strcmp(argv[i], "--port")) port = static_cast<std::uint16_t>(std::atoi(argv[i + 1]));
        else if (!std::strcmp(argv[i], "--threads")) threads = static_cast<unsigned>(std::atoi(argv[i + 1]));
    }
    if (root.empty()) {
        std::cerr << "usage: coronet-bench-static --root DIR [--port N] [--threads N]\n";
        return 2;
    }
    default_logger().set_level(log_level::warn);   // no access log: nginx runs with access_log off too
    runtime rt{{.threads = threads}};
    http::router routes;
    handlers::mount_static_files(routes, "/", {.root = root});
    http::server web{rt, {.port = port, .access_log = false}, routes};
    std::cout << fmt::format("http listening on 127.0.0.1:{}\n", web.port()) << std::flush;
    rt.run();
}
