#include "asor/storage.hpp"

#include "enum_names.hpp"

namespace asor {

std::string_view to_string(Storage storage) noexcept {
    switch (storage) {
        case Storage::automatic:
            return "auto";
        case Storage::double_precision:
            return "double";
        case Storage::compact:
            return "compact";
    }
    return "unknown";
}

Storage parse_storage(std::string_view name) {
    return detail::parse_by_name<Storage>(name, all_storages(), "storage");
}

}  // namespace asor
