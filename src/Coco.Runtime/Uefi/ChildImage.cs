using System;
using Coco.Uefi.Raw;

namespace Coco.Uefi
{
    /// <summary>
    /// An image this one starts, as a boot loader starts the next stage: loaded (LoadImage)
    /// from a file on the device this image came from, given load options, started
    /// (StartImage). Its device path and load options live in pool memory this struct owns
    /// until <see cref="Release"/>, because the child may read them for as long as it runs.
    /// </summary>
    public unsafe struct ChildImage
    {
        /// <summary>How far the walk over this image's device path may read before it gives up.</summary>
        public const nuint MaxDevicePathBytes = 64 * 1024;

        private EfiHandle _handle;
        private byte* _devicePath;
        private char* _loadOptions;
        private bool _started;

        public EfiHandle Handle => _handle;

        /// <summary>
        /// Loads <paramref name="fileName"/> (e.g. \EFI\Linux\vmlinuz.efi, '/' allowed) from this
        /// image's own device, with BootPolicy false. On error nothing stays loaded or allocated;
        /// <paramref name="pathError"/> is set when the device path or the name was the cause.
        /// </summary>
        public static EfiStatus LoadFromOwnDevice(ReadOnlySpan<char> fileName, out ChildImage child, out DevicePathError pathError)
        {
            child = default;
            pathError = DevicePathError.None;
            EfiStatus status = Efi.HandleProtocol(Efi.ImageHandle, EfiLoadedImageProtocol.Guid, out void* loadedImage);
            if (status.IsError)
            {
                return status;
            }
            EfiHandle device = ((EfiLoadedImageProtocol*)loadedImage)->DeviceHandle;
            status = Efi.HandleProtocol(device, EfiDevicePathNode.ProtocolGuid, out void* devicePath);
            if (status.IsError)
            {
                return status;
            }
            pathError = DevicePathBuilder.MeasureToEnd((byte*)devicePath, MaxDevicePathBytes, out nuint deviceBytes);
            if (pathError.IsError)
            {
                return pathError.Status;
            }
            nuint bytes = DevicePathBuilder.BytesWithFile(deviceBytes, fileName.Length);
            status = Efi.AllocatePool(EfiMemoryType.LoaderData, bytes, out void* filePath);
            if (status.IsError)
            {
                return status;
            }
            pathError = DevicePathBuilder.AppendFile((byte*)devicePath, MaxDevicePathBytes, fileName, (byte*)filePath, bytes, out _);
            if (pathError.IsError)
            {
                Efi.FreePool(filePath);
                return pathError.Status;
            }
            EfiHandle handle = default;
            status = Efi.BootServices->LoadImage(0, Efi.ImageHandle, (EfiDevicePathNode*)filePath, null, 0, &handle);
            if (status.IsError)
            {
                // Since UEFI 2.3 a security violation still creates the image; it must be unloaded.
                if (status == EfiStatus.SecurityViolation && !handle.IsNull)
                {
                    Efi.BootServices->UnloadImage(handle);
                }
                Efi.FreePool(filePath);
                return status;
            }
            child._handle = handle;
            child._devicePath = (byte*)filePath;
            return status;
        }

        /// <summary>
        /// Sets the child's load options to "<paramref name="program"/> <paramref name="arguments"/>",
        /// NUL-terminated UCS-2, program first as the UEFI shell passes a command line.
        /// </summary>
        public EfiStatus SetLoadOptions(ReadOnlySpan<char> program, ReadOnlySpan<char> arguments)
        {
            EfiStatus status = Efi.HandleProtocol(_handle, EfiLoadedImageProtocol.Guid, out void* loadedImage);
            if (status.IsError)
            {
                return status;
            }
            int chars = CommandLine.ComposedLength(program, arguments);
            status = Efi.AllocatePool(EfiMemoryType.LoaderData, (nuint)chars * 2, out void* buffer);
            if (status.IsError)
            {
                return status;
            }
            CommandLine.Compose(program, arguments, (char*)buffer, chars);
            var image = (EfiLoadedImageProtocol*)loadedImage;
            image->LoadOptions = buffer;
            image->LoadOptionsSize = (uint)chars * 2;
            if (_loadOptions != null)
            {
                Efi.FreePool(_loadOptions);
            }
            _loadOptions = (char*)buffer;
            return status;
        }

        /// <summary>Starts the child and returns the status it exited with (or StartImage's
        /// own error). Exit data the child hands back is freed here.</summary>
        public EfiStatus Start()
        {
            nuint exitDataSize = 0;
            char* exitData = null;
            _started = true;
            EfiStatus status = Efi.BootServices->StartImage(_handle, &exitDataSize, &exitData);
            if (exitData != null)
            {
                Efi.FreePool(exitData);
            }
            return status;
        }

        /// <summary>Frees the device path and load options; unloads a child that was loaded but
        /// never started (an application that returns is unloaded by the firmware).</summary>
        public void Release()
        {
            if (!_handle.IsNull && !_started)
            {
                Efi.BootServices->UnloadImage(_handle);
            }
            if (_loadOptions != null)
            {
                Efi.FreePool(_loadOptions);
            }
            if (_devicePath != null)
            {
                Efi.FreePool(_devicePath);
            }
            this = default;
        }
    }
}
