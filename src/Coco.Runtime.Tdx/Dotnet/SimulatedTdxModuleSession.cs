using System;
using System.Runtime.InteropServices;
using Coco.Memory;
using Coco.Tdx.Abi;

namespace Coco.Tdx.Host.Simulation
{
    /// <summary>
    /// A <see cref="SimulatedTdxModule"/> in native memory for .NET code: allocates the module
    /// and its state, installs it behind <see cref="SeamcallGate"/> and frees both on dispose.
    /// The rules are all in the module; this only owns memory and runs the bring-up SEAMCALLs
    /// a VMM makes first. Not thread-safe itself (the module is).
    /// </summary>
    public sealed unsafe class SimulatedTdxModuleSession : IDisposable
    {
        private readonly ulong _stateBytes;
        private void* _state;
        private SimulatedTdxModule* _module;
        private bool _installed;

        /// <summary>A module just loaded on a platform with <paramref name="cmrs"/> (default
        /// platform: <see cref="SimulatedTdxPlatform.Default"/>).</summary>
        public SimulatedTdxModuleSession(ReadOnlySpan<PhysicalRange> cmrs, SimulatedTdxPlatform? platform = null)
        {
            SimulatedTdxPlatform chosen = platform ?? SimulatedTdxPlatform.Default;
            _stateBytes = SimulatedTdxModule.StateBytes(cmrs, chosen);
            if (_stateBytes == 0)
            {
                throw new ArgumentException("The simulated platform is not one a real machine could report, or there are more than 32 CMRs.", nameof(platform));
            }
            // Zeroed by the allocator: large states stay uncommitted until pages are touched.
            _state = NativeMemory.AllocZeroed((nuint)_stateBytes);
            _module = (SimulatedTdxModule*)NativeMemory.AllocZeroed((nuint)sizeof(SimulatedTdxModule));
            if (!SimulatedTdxModule.Initialize(_module, cmrs, chosen, _state, _stateBytes, stateIsZero: true))
            {
                Dispose();
                throw new InvalidOperationException("SimulatedTdxModule.Initialize refused the platform or state.");
            }
        }

        public SimulatedTdxModule* Module => _module;

        /// <summary>Bytes of state the module was given.</summary>
        public ulong StateBytes => _stateBytes;

        /// <summary>Routes SEAMCALLs here, and runs TDH.SYS.INIT and TDH.SYS.LP.INIT on every LP,
        /// as a VMM does before configuring memory; throws if the module refuses either.</summary>
        public SimulatedTdxModuleSession Install()
        {
            InstallUninitialized();
            Expect(HostSeamcalls.TdhSysInit(), "TDH.SYS.INIT");
            for (int lp = 0; lp < _module->Platform.LogicalProcessors; lp++)
            {
                _module->CallingLp = lp;
                Expect(HostSeamcalls.TdhSysLpInit(), "TDH.SYS.LP.INIT");
            }
            _module->CallingLp = 0;
            return this;
        }

        /// <summary>Routes SEAMCALLs here and nothing more (TDH.SYS.INIT still pending).</summary>
        public SimulatedTdxModuleSession InstallUninitialized()
        {
            if (!_installed)
            {
                SimulatedTdxModule.Install(_module);
                _installed = true;
            }
            return this;
        }

        /// <summary>TDH.SYS.KEY.CONFIG on one LP of every package (after TDH.SYS.CONFIG).</summary>
        public TdxStatus ConfigureKeyOnEveryPackage()
        {
            for (int package = 0; package < _module->Platform.Packages; package++)
            {
                _module->CallingLp = package; // LP n is on package n % Packages
                TdxStatus status = HostSeamcalls.TdhSysKeyConfig();
                if (!status.IsSuccess)
                {
                    _module->CallingLp = 0;
                    return status;
                }
            }
            _module->CallingLp = 0;
            return TdxStatus.Success;
        }

        public void Dispose()
        {
            if (_installed)
            {
                SimulatedTdxModule.Uninstall(_module);
                _installed = false;
            }
            if (_module != null)
            {
                NativeMemory.Free(_module);
                _module = null;
            }
            if (_state != null)
            {
                NativeMemory.Free(_state);
                _state = null;
            }
        }

        private static void Expect(TdxStatus status, string leaf)
        {
            if (!status.IsSuccess)
            {
                throw new InvalidOperationException($"{leaf}: {status.Format()}");
            }
        }
    }
}
