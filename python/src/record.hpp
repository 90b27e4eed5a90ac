// asor Python: a C++ value bound as a read-only record: its attributes, in
// order, and to_dict() listing them (nested records and lists as dicts and
// lists), so that the attributes and the dictionary cannot drift apart.
#pragma once

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace asor::python {

namespace py = pybind11;

/// A record's value as plain Python data: a nested record by its
/// to_dict(), a list element by element, anything else as it is.
py::object plain(const py::handle& value);

template <class T>
class Record {
  public:
    Record(py::handle scope, const char* name, const char* doc)
        : class_(scope, name, doc), names_(std::make_shared<std::vector<std::string>>()) {}

    /// A data member, exposed as it is (enums are exposed through `computed`).
    template <class Member>
    Record& member(const char* name, Member T::*field, const char* doc) {
        class_.def_readonly(name, field, doc);
        names_->emplace_back(name);
        return *this;
    }

    /// An attribute computed from the value (an enum's name, say).
    template <class Getter>
    Record& computed(const char* name, Getter&& get, const char* doc) {
        class_.def_property_readonly(name, std::forward<Getter>(get), doc);
        names_->emplace_back(name);
        return *this;
    }

    /// Adds to_dict() and __repr__ over the attributes declared so far.
    py::class_<T>& finish() {
        auto names = names_;
        class_.def(
            "to_dict",
            [names](const py::object& self) {
                py::dict out;
                for (const std::string& name : *names)
                    out[name.c_str()] = plain(self.attr(name.c_str()));
                return out;
            },
            "Every attribute as a dict (nested records as dicts too).");
        const std::string type = py::str(class_.attr("__name__"));
        class_.def("__repr__", [names, type](const py::object& self) {
            std::string text = "<asor." + type;
            for (const std::string& name : *names) {
                const py::object value = self.attr(name.c_str());
                if (py::isinstance<py::list>(value) || py::hasattr(value, "to_dict")) continue;
                text += " " + name + "=" + std::string(py::repr(value));
            }
            return text + ">";
        });
        return class_;
    }

  private:
    py::class_<T> class_;
    std::shared_ptr<std::vector<std::string>> names_;
};

}  // namespace asor::python
