/* A stand-in for the Redox UEFI bootloader in the image specs' bootloader recipe, built with gnu-efi: the real
   loader cannot be built here (it needs the network for its crates). It proves the firmware accepted our whole image:
   GPT, FAT ESP and EFI/BOOT/BOOTX64.EFI. It prints MARKER (set by the recipe: one text for bootloader.efi, another
   for bootloader-live.efi) on the console, which OVMF mirrors to serial, and powers the machine off. */
#include <efi.h>
#include <efilib.h>

#ifndef MARKER
#error "build with -DMARKER=L\"...\""
#endif

EFI_STATUS EFIAPI efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *system_table)
{
    InitializeLib(image, system_table);
    Print(L"%s\r\n", MARKER);
    uefi_call_wrapper(RT->ResetSystem, 4, EfiResetShutdown, EFI_SUCCESS, 0, NULL);
    return EFI_SUCCESS;
}
