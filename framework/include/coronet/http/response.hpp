#pragma once
// An HTTP response, and helpers that make the common ones.
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include <coronet/http/fields.hpp>
#include <coronet/http/file_body.hpp>
#include <coronet/task.hpp>

namespace coronet::http {

// Where a streamed body goes; each write reaches the client as it is made. A write the
// connection fails (the client took no byte for write_timeout, or went away) throws
// boost::system::system_error: let it out of the producer, and the response ends as any whose
// client is gone (not logged as an error); anything else a producer throws is logged as one.
class body_writer {
public:
    virtual task<void> write(std::string_view data) = 0;
protected:
    ~body_writer() = default;
};

using body_producer = std::function<task<void>(body_writer&)>;

struct response {
    unsigned status = 200;
    fields headers;          // Date, Server, Content-Length, Connection are the server's
    std::string body;
    // When set, the body is produced by `stream` instead of `body`: sent chunked, or raw
    // when the handler set Content-Length itself. Not called for HEAD.
    body_producer stream;
    // When set (and `stream` is not), the body is this part of an open file, sent with
    // sendfile(2) and a Content-Length of its length. Not sent for HEAD.
    std::optional<file_body> file;
};

std::string_view reason_phrase(unsigned status);

response text(std::string body, unsigned status = 200);         // text/plain; charset=utf-8
response html(std::string body, unsigned status = 200);         // text/html; charset=utf-8
response redirect(std::string_view location, unsigned status = 302);
response no_content();                                          // 204
response streamed(std::string content_type, body_producer producer, unsigned status = 200);
response from_file(std::string content_type, file_body file, unsigned status = 200);
// A small HTML page naming the status, with `detail` (escaped) below it.
response error_page(unsigned status, std::string_view detail = {});

std::string html_escape(std::string_view text);

}  // namespace coronet::http
