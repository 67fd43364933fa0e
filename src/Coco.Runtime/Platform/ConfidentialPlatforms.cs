using System;
using Coco.Text;
using Coco.Uefi;
using Coco.Unaccepted;

namespace Coco.Platform
{
    /// <summary>
    /// The platform facade: vendors register here (<see cref="Register"/>), and an app asks once
    /// which confidential platform it runs on (<see cref="Open"/>) or opens a vendor's simulation by
    /// name (<see cref="OpenSimulated"/>). The answer carries the platform's acceptor and hooks, so
    /// apps never choose acceptors themselves. When no registered vendor recognises the processor
    /// but the firmware offers EDKII_MEMORY_ACCEPT_PROTOCOL, the platform is "firmware" and accepts
    /// through it. Register before the first Open; registration is not safe against a concurrent Open.
    /// </summary>
    public static unsafe class ConfidentialPlatforms
    {
        public const int Capacity = 4;

        // Four slots as fields: firmware has no arrays of structs without a heap.
        private static PlatformVendor s_vendor0;
        private static PlatformVendor s_vendor1;
        private static PlatformVendor s_vendor2;
        private static PlatformVendor s_vendor3;
        private static int s_count;

        public static int Count => s_count;

        /// <summary>Adds <paramref name="vendor"/>; registering a name again replaces the earlier
        /// entry. EFI_INVALID_PARAMETER when a pointer the facade needs is missing,
        /// EFI_OUT_OF_RESOURCES when <see cref="Capacity"/> vendors are registered.</summary>
        public static EfiStatus Register(in PlatformVendor vendor)
        {
            if (vendor.Name == null || vendor.Detect == null || vendor.Open == null ||
                (vendor.SimulationStateBytes == null) != (vendor.OpenSimulated == null))
            {
                return EfiStatus.InvalidParameter;
            }
            string name = vendor.Name();
            for (int i = 0; i < s_count; i++)
            {
                if (CharSpan.EqualsText(Name(ref Slot(i)), name))
                {
                    Slot(i) = vendor;
                    return EfiStatus.Success;
                }
            }
            if (s_count == Capacity)
            {
                return EfiStatus.OutOfResources;
            }
            Slot(s_count) = vendor;
            s_count++;
            return EfiStatus.Success;
        }

        /// <summary>Finds the platform of the processor this image runs on.</summary>
        public static EfiStatus Open(ConfidentialPlatform* platform)
        {
            ProcessorAccess cpu = ProcessorAccess.Hardware;
            return Open(platform, &cpu);
        }

        /// <summary>
        /// Asks each registered vendor, in registration order, whether <paramref name="cpu"/> runs
        /// one of its guests, and opens the first that does. With none, the platform is "firmware"
        /// when the firmware installed EDKII_MEMORY_ACCEPT_PROTOCOL, else "none" (no acceptor: such
        /// memory needs no acceptance). A vendor's open error is returned with the platform left closed.
        /// </summary>
        public static EfiStatus Open(ConfidentialPlatform* platform, ProcessorAccess* cpu)
        {
            *platform = default;
            for (int i = 0; i < s_count; i++)
            {
                ref PlatformVendor vendor = ref Slot(i);
                if (vendor.Detect(cpu))
                {
                    return OpenWith(ref vendor, platform);
                }
            }
            if (Efi.IsInitialized && !Edk2MemoryAcceptor.TryLocate(out MemoryAcceptor firmware).IsError)
            {
                platform->Acceptor = firmware;
                platform->NameFunction = &FirmwareName;
            }
            return EfiStatus.Success;
        }

        /// <summary>
        /// Opens the simulation of the vendor named <paramref name="vendorName"/> over
        /// <paramref name="memory"/>. EFI_NOT_FOUND for a name no vendor registered,
        /// EFI_UNSUPPORTED for a vendor without a simulator, EFI_BUFFER_TOO_SMALL when the state
        /// memory is smaller than <see cref="SimulationStateBytes"/>.
        /// </summary>
        public static EfiStatus OpenSimulated(ConfidentialPlatform* platform, ReadOnlySpan<char> vendorName, SimulatedMemory* memory)
        {
            *platform = default;
            int index = IndexOf(vendorName);
            if (index < 0)
            {
                return EfiStatus.NotFound;
            }
            ref PlatformVendor vendor = ref Slot(index);
            if (vendor.OpenSimulated == null)
            {
                return EfiStatus.Unsupported;
            }
            if (memory->State == null || memory->StateBytes < vendor.SimulationStateBytes(memory->PageCount))
            {
                return EfiStatus.BufferTooSmall;
            }
            EfiStatus status = vendor.OpenSimulated(platform, memory);
            if (status.IsError)
            {
                *platform = default;
                return status;
            }
            platform->NameFunction = vendor.Name;
            platform->IsSimulated = true;
            return status;
        }

        /// <summary>State bytes the named vendor's simulation of <paramref name="pages"/> pages
        /// needs; 0 when there is no such vendor or it has no simulator.</summary>
        public static ulong SimulationStateBytes(ReadOnlySpan<char> vendorName, ulong pages)
        {
            int index = IndexOf(vendorName);
            return index < 0 || Slot(index).SimulationStateBytes == null ? 0 : Slot(index).SimulationStateBytes(pages);
        }

        /// <summary>True when a vendor of that name is registered.</summary>
        public static bool IsRegistered(ReadOnlySpan<char> vendorName) => IndexOf(vendorName) >= 0;

        /// <summary>Appends the registered names, e.g. "tdx, snp", for messages.</summary>
        public static void AppendNames(ref TextBuilder text)
        {
            for (int i = 0; i < s_count; i++)
            {
                if (i != 0)
                {
                    text.Append(", ");
                }
                text.Append(Name(ref Slot(i)));
            }
        }

        /// <summary>Closes <paramref name="platform"/>: the vendor's hook, then every field cleared.</summary>
        public static void Close(ConfidentialPlatform* platform)
        {
            if (platform->CloseFunction != null)
            {
                platform->CloseFunction(platform);
            }
            *platform = default;
        }

        private static EfiStatus OpenWith(ref PlatformVendor vendor, ConfidentialPlatform* platform)
        {
            EfiStatus status = vendor.Open(platform);
            if (status.IsError)
            {
                *platform = default;
                return status;
            }
            platform->NameFunction = vendor.Name;
            return status;
        }

        private static int IndexOf(ReadOnlySpan<char> vendorName)
        {
            for (int i = 0; i < s_count; i++)
            {
                if (CharSpan.EqualsText(vendorName, Name(ref Slot(i))))
                {
                    return i;
                }
            }
            return -1;
        }

        private static string Name(ref PlatformVendor vendor) => vendor.Name();

        private static string FirmwareName() => "firmware";

        private static ref PlatformVendor Slot(int index)
        {
            switch (index)
            {
                case 0: return ref s_vendor0;
                case 1: return ref s_vendor1;
                case 2: return ref s_vendor2;
                default: return ref s_vendor3;
            }
        }
    }
}
