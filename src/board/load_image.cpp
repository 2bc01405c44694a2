// Machine::load_image: an ELF image onto the board, as QEMU's -kernel does.
#include "board/machine_impl.hpp"
#include "irqsim/elf.hpp"

namespace irqsim {

void Machine::load_image(const std::string& path) {
    // As QEMU's -kernel does for an ELF: segments at their addresses (they
    // must fall in RAM or flash), CPU 0 at the entry point, EL1h, DAIF masked.
    auto image = std::make_shared<ElfImage>(load_elf(path));
    map_and_copy(impl_->bus, *image, ElfPlacement::ExistingRam);
    impl_->power_on(0, image->entry, 0);
    impl_->image = std::move(image);
}

}  // namespace irqsim
