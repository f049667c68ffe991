#include <coronet/http/json.hpp>

#include <boost/json/serialize.hpp>

namespace coronet::http {

response json(const boost::json::value& value, unsigned status) {
    response res;
    res.status = status;
    res.headers.add("Content-Type", "application/json");
    res.body = boost::json::serialize(value);
    return res;
}

}  // namespace coronet::http
