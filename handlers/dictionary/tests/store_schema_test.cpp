// The store's file layout: explanations shared by several headwords are stored once and split
// when one of them changes; a file of the first layout is upgraded in place; a file of a newer
// layout is refused. White-box where it must be: the tables are read with SQLite directly.
#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <coronet/handlers/dictionary_store.hpp>

#include "sqlite.hpp"
#include "store_schema.hpp"
#include "support/test_support.hpp"

using coronet::handlers::dictionary_store;
using namespace coronet::handlers::dictionary_detail;
using entry = dictionary_store::entry;

namespace {

class temp_dir : public coronet::testing::temp_directory {
public:
    std::filesystem::path db() const { return path() / "words.db"; }
};

std::int64_t count_of(const std::filesystem::path& file, const char* sql) {
    database db(file);
    statement s(db, sql);
    reset_guard guard(s);
    s.step();
    return s.integer(0);
}

dictionary_store::import_result import_all(dictionary_store& store, std::vector<entry> entries) {
    std::size_t i = 0;
    return store.import_entries([&]() -> std::optional<entry> {
        return i < entries.size() ? std::optional(entries[i++]) : std::nullopt;
    }, {});
}

}  // namespace

BOOST_AUTO_TEST_CASE(an_import_stores_a_shared_explanation_once) {
    temp_dir dir;
    dictionary_store store(dir.db());
    import_all(store, {{"colour", "a hue"}, {"color", "a hue"}, {"Colour", "a hue"}, {"shade", "a darker hue"}});
    BOOST_TEST(store.size() == 4u);
    BOOST_TEST(count_of(dir.db(), "SELECT count(*) FROM texts") == 2);
    BOOST_TEST(store.lookup("color")->explanation == "a hue");

    // Importing the same book again adds nothing.
    import_all(store, {{"colour", "a hue"}, {"color", "a hue"}, {"shade", "a darker hue"}});
    BOOST_TEST(count_of(dir.db(), "SELECT count(*) FROM texts") == 2);
}

BOOST_AUTO_TEST_CASE(changing_one_headword_leaves_the_others_their_text) {
    temp_dir dir;
    dictionary_store store(dir.db());
    import_all(store, {{"colour", "a hue"}, {"color", "a hue"}, {"hue", "a hue"}});

    BOOST_TEST(!store.put("color", "American spelling"));
    BOOST_TEST(store.lookup("color")->explanation == "American spelling");
    BOOST_TEST(store.lookup("colour")->explanation == "a hue");
    BOOST_TEST(store.lookup("hue")->explanation == "a hue");
    BOOST_TEST(count_of(dir.db(), "SELECT count(*) FROM texts") == 2);

    // An unshared text is rewritten in place, not copied.
    BOOST_TEST(!store.put("color", "US spelling"));
    BOOST_TEST(count_of(dir.db(), "SELECT count(*) FROM texts") == 2);

    // The last headword to leave a text takes it away.
    BOOST_TEST(store.erase("colour"));
    BOOST_TEST(count_of(dir.db(), "SELECT count(*) FROM texts") == 2);
    BOOST_TEST(store.erase("hue"));
    BOOST_TEST(count_of(dir.db(), "SELECT count(*) FROM texts") == 1);
    BOOST_TEST(!store.erase("hue"));

    // A re-import that moves a headword to another text drops the one it left.
    import_all(store, {{"color", "a hue again"}});
    BOOST_TEST(store.lookup("color")->explanation == "a hue again");
    BOOST_TEST(count_of(dir.db(), "SELECT count(*) FROM texts") == 1);
}

BOOST_AUTO_TEST_CASE(a_file_of_the_first_layout_is_upgraded) {
    temp_dir dir;
    {
        // Version 1 as it was written: no user_version, the explanation in the words row.
        database old(dir.db());
        old.exec("PRAGMA journal_mode = WAL;"
                 "CREATE TABLE words(word TEXT NOT NULL PRIMARY KEY, explanation TEXT NOT NULL) WITHOUT ROWID;"
                 "CREATE INDEX words_nocase ON words(word COLLATE NOCASE);"
                 "CREATE TABLE properties(name TEXT NOT NULL PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;"
                 "INSERT INTO words VALUES('apple', '苹果'), ('Banana', 'a fruit'), ('cherry', 'a fruit');"
                 "INSERT INTO properties VALUES('dictd.short_description', 'old data');");
    }
    {
        dictionary_store store(dir.db());
        BOOST_TEST(store.size() == 3u);
        BOOST_TEST(count_of(dir.db(), "SELECT count(*) FROM texts") == 2);   // Banana and cherry share one
        BOOST_TEST(store.lookup("apple")->explanation == "苹果");
        BOOST_TEST(store.lookup("banana")->word == "Banana");   // the NOCASE index was rebuilt
        BOOST_TEST(store.property("dictd.short_description").value_or("") == "old data");
        BOOST_TEST(store.suggest("banan", 3) == std::vector<std::string>{"Banana"}, boost::test_tools::per_element());
        BOOST_TEST(store.put("cherry", "a red fruit") == false);
        BOOST_TEST(store.put("date", "a sweet fruit") == true);
    }
    BOOST_TEST(count_of(dir.db(), "PRAGMA user_version") == schema_version);
    dictionary_store again(dir.db());
    BOOST_TEST(again.lookup("cherry")->explanation == "a red fruit");
    BOOST_TEST(again.lookup("Banana")->explanation == "a fruit");
    BOOST_TEST(again.size() == 4u);
}

BOOST_AUTO_TEST_CASE(a_file_of_a_newer_layout_is_refused) {
    temp_dir dir;
    {
        database newer(dir.db());
        newer.exec("PRAGMA user_version = 99");
    }
    BOOST_CHECK_EXCEPTION(dictionary_store{dir.db()}, std::runtime_error, [](const std::runtime_error& e) {
        return std::string(e.what()).find("newer") != std::string::npos;
    });
    BOOST_TEST(count_of(dir.db(), "PRAGMA user_version") == 99);   // left as it was
}
